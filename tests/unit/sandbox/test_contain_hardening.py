"""Resource caps and clean-up of the hardened sandbox: nested cgroups with a CPU quota, the stale-cgroup sweep,
clean-up after SIGTERM and of immutable leftovers, disk caps, the refusal to run unconfined, the nonce check."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from pcwm.sandbox import Program, RunPlan, Status, cgroups, contain, run_tsan
from pcwm.sandbox.channel import verify
from pcwm.sandbox.confine import remove_tree
from pcwm.sandbox.contain import Limits, run_contained
from pcwm.sandbox.toolchain import Toolchain

EVIL = Path(__file__).parents[2] / "evil"
ROOT = Path(__file__).parents[3]


def _needs_cgroups():
    if not cgroups.cgroup_parents():
        pytest.skip("no writable cgroup hierarchy on this host")


def test_cgroup_is_nested_under_our_own_with_a_cpu_quota():
    _needs_cgroups()
    cg = cgroups.Cgroup(memory_mb=100, max_pids=10, cpus=0.5)
    try:
        own = cgroups._own_paths()
        for controller, d in cg.dirs.items():
            assert d.parent == cgroups.BASE / controller / own[controller].lstrip("/")
            assert d.name.startswith(f"pcwm-{os.getpid()}-")
        if "cpu" in cg.dirs:
            assert (cg.dirs["cpu"] / "cpu.cfs_quota_us").read_text().strip() == "50000"
    finally:
        cg.close()
    assert not any(d.exists() for d in cg.dirs.values())


def test_cpu_quota_holds_a_spinning_program(tmp_path):
    _needs_cgroups()
    if "cpu" not in cgroups.cgroup_parents() and "unified" not in cgroups.cgroup_parents():
        pytest.skip("no cpu controller")
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs 2 cores to tell a 0.5-core quota from the host's own limit")
    subprocess.run([Toolchain.detect().cc, "-O1", "-pthread", str(EVIL / "cpu_spin.c"), "-o", str(tmp_path / "spin")],
                   check=True)
    res = run_contained(["./spin", "2"], cwd=tmp_path, limits=Limits(timeout_s=20, cpus=0.5))
    cpu_s = float(res.stdout.split("cpu_s=")[1])
    assert cpu_s < 1.5, f"2 threads x 2 s got {cpu_s:.2f} CPU s under a 0.5-core quota"


def test_sweep_removes_only_cgroups_of_dead_owners():
    _needs_cgroups()
    parent = cgroups.cgroup_parents()["memory" if "memory" in cgroups.cgroup_parents() else "unified"]
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = parent / f"pcwm-{dead.pid}-12345-deadbeef"
    live = parent / f"pcwm-{cgroups._owner_tag(os.getpid())}-livecafe"
    foreign = parent / "pcwm-0123456789ab"  # older naming, owner unknown: left alone
    for d in (stale, live, foreign):
        d.mkdir()
    try:
        assert cgroups.sweep_stale() >= 1
        assert not stale.exists() and live.exists() and foreign.exists()
    finally:
        for d in (stale, live, foreign):
            if d.exists():
                d.rmdir()


def test_remove_tree_clears_immutable_and_read_only_leftovers(tmp_path):
    d = tmp_path / "pcwm-run-x" / "w"
    d.mkdir(parents=True)
    (d / "stuck").write_text("x")
    locked = d / "ro"
    locked.mkdir()
    (locked / "f").write_text("y")
    locked.chmod(0o500)
    immutable = subprocess.run(["chattr", "+i", str(d / "stuck")], capture_output=True).returncode == 0
    remove_tree(tmp_path / "pcwm-run-x")  # must not raise
    assert not (tmp_path / "pcwm-run-x").exists(), f"left behind (immutable flag set: {immutable})"


def test_writable_work_dir_is_capped_by_the_disk_limit(tmp_path):
    script = 'i=0; while true; do head -c 8000000 /dev/zero > f$i || exit 3; i=$((i+1)); done'
    res = run_contained(["/bin/sh", "-c", script], cwd=tmp_path, limits=Limits(timeout_s=30, disk_mb=64))
    assert res.killed_reason == "disk", (res.killed_reason, res.returncode, res.stderr[-300:])
    used = sum(p.stat().st_size for p in tmp_path.iterdir()) / 2**20
    # polled every 0.1 s: the overshoot is what the writer manages in that time (unbounded, this loop writes GBs)
    assert used < 600, used


def test_unconfined_modes_are_refused_without_the_explicit_flag(monkeypatch):
    monkeypatch.setenv("PCWM_SANDBOX_ISOLATION", "none")
    monkeypatch.delenv("PCWM_SANDBOX_ALLOW_UNCONFINED", raising=False)
    contain.isolation_mode.cache_clear()
    try:
        res = run_tsan(Program(source="int main(void){return 0;}\n", name="t.c"), RunPlan(threads=(2,)))
    finally:
        monkeypatch.undo()
        contain.isolation_mode.cache_clear()
    assert res.status is Status.SANDBOX_ERROR
    assert "PCWM_SANDBOX_ALLOW_UNCONFINED=1" in res.error and "--unsafe-allow-unconfined" in res.error


def test_nonce_check_accepts_tsan_frames_and_flags_forgeries():
    nonce = "abc123"
    genuine = ("==================\nWARNING: ThreadSanitizer: data race (pid=2)\n  Write of size 4 by thread T1:\n"
               f"#0|main|/w/a.c:3:5|3|5|(prog+0x1)|{nonce}\n==================\n")
    text, forged = verify(genuine, nonce)
    assert not forged and nonce not in text and "#0|main|/w/a.c:3:5|3|5|(prog+0x1)" in text
    fake_frame = genuine.replace(f"|{nonce}", "|zzz")
    assert verify(fake_frame, nonce)[1]
    no_frames = "==================\nWARNING: ThreadSanitizer: data race (pid=2)\nSUMMARY: x\n=================="
    assert verify(no_frames, nonce)[1]
    assert not verify("ThreadSanitizer: reported 1 warnings\n", nonce)[1]


def test_a_log_cut_at_the_cap_keeps_its_whole_reports_and_drops_the_torn_one():
    nonce = "abc123"
    report = ("==================\nWARNING: ThreadSanitizer: data race (pid=2)\n  Write of size 4 by thread T1:\n"
              f"#0|main|/w/a.c:3:5|3|5|(prog+0x1)|{nonce}\n==================\n")
    torn = report * 3 + report[: report.index(nonce) - 4]  # the cap fell inside a frame line
    assert verify(torn, nonce)[1], "judged as a whole log, a torn frame has no nonce"
    text, forged = verify(torn, nonce, truncated=True)
    assert not forged and text.count("#0|main|/w/a.c:3:5") == 3
    junk = "z" * 5000 + "\n" + report  # flooded past the cap with anything but reports
    assert verify(junk[:4000], nonce, truncated=True)[1]


def _our_cgroups(pid: int) -> list[Path]:
    return [d for p in cgroups.cgroup_parents().values() for d in p.glob(f"pcwm-{pid}-*")]


def test_sigterm_to_pcwm_leaves_no_process_cgroup_or_work_dir(tmp_path):
    env = dict(os.environ, PCWM_WORK_DIR=str(tmp_path), PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-c", "from pcwm.cli import app; app()", "sandbox", "run", str(EVIL / "endless_loop.c"),
           "--no-cache", "--threads", "2", "--timeout", "60"]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (list(tmp_path.glob("pcwm-run-*/c0")) and _our_cgroups(proc.pid)):
            time.sleep(0.1)
        assert list(tmp_path.glob("pcwm-run-*")), "the run never started"
        time.sleep(0.5)  # the program is running now
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 130  # pcwm.stopping: a graceful stop
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert not list(tmp_path.glob("pcwm-run-*")), "work dir left behind"
    assert not _our_cgroups(proc.pid), "cgroup left behind"
    left = []
    for p in psutil.process_iter(["pid", "cwd", "cmdline"]):
        try:
            if str(tmp_path) in (p.info["cwd"] or "") or str(tmp_path) in " ".join(p.info["cmdline"] or []):
                left.append(p.info)
        except (psutil.Error, OSError):
            continue
    assert not left, f"processes outlived pcwm: {left}"


def test_work_dirs_of_dead_owners_are_swept_and_live_ones_kept(tmp_path, monkeypatch):
    from pcwm.sandbox.runner import clear_work_dirs

    monkeypatch.setenv("PCWM_WORK_DIR", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale, live, legacy = (tmp_path / f"pcwm-run-{dead.pid}-x", tmp_path / f"pcwm-run-{os.getpid()}-y",
                           tmp_path / "pcwm-run-abcdef")
    for d in (stale, live, legacy):
        (d / "w").mkdir(parents=True)
    assert clear_work_dirs(legacy=False) == 1
    assert not stale.exists() and live.exists() and legacy.exists()


def test_workers_ending_by_os_exit_share_one_helper_copy_and_leave_no_dir(tmp_path):
    # pool workers end by os._exit, skipping atexit: each used to leave its own copy of the helper behind
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    code = "import os; from pcwm.sandbox import contain; print(contain._jail_path(), flush=True); os._exit(0)"
    paths = {subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            check=True).stdout.strip() for _ in range(3)}
    assert len(paths) == 1
    jail = Path(paths.pop())
    assert sorted(p.name for p in tmp_path.iterdir()) == [jail.parent.name]
    assert os.access(jail, os.X_OK) and jail.stat().st_mode & 0o005 == 0o005
    assert subprocess.run([str(jail)], capture_output=True).returncode != 0  # runs (usage error without args)


def test_helper_dir_writable_by_others_is_refused(tmp_path, monkeypatch):
    from pcwm.sandbox.jail import build_jail, world_readable_copy
    from pcwm.sandbox.toolchain import ToolchainError

    tc = Toolchain.detect()
    built = build_jail(tc.cc, tc.version)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    good = world_readable_copy(built)
    assert good.read_bytes() == built.read_bytes()
    good.write_bytes(b"#!/bin/sh\necho planted\n")  # a stale or altered copy is replaced on first use
    assert world_readable_copy(built).read_bytes() == built.read_bytes()
    os.chmod(good.parent, 0o777)  # someone else could have put their own program there
    with pytest.raises(ToolchainError, match="only this user"):
        world_readable_copy(built)
