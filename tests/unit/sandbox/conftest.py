"""Fixtures for the sandbox tests: a private work dir that must be left with no surviving process (evil programs),
and a real Caliper for the work-% profiler's caliper backend."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from pcwm.sandbox import Program, RunPlan, run_tsan

EVIL = Path(__file__).parents[2] / "evil"
PLAN = RunPlan(threads=(4,), timeout_s=4, memory_mb=512)


@pytest.fixture
def no_survivors(tmp_path, monkeypatch):
    """Runs the test with its own PCWM_WORK_DIR and fails if any process started from it outlives the test."""
    monkeypatch.setenv("PCWM_WORK_DIR", str(tmp_path))
    yield tmp_path
    time.sleep(0.2)
    survivors = []
    for pid in psutil.pids():
        try:  # not process_iter: its attribute read raises FileNotFoundError when a process ends mid-read
            info = psutil.Process(pid).as_dict(["pid", "exe", "cwd"])
        except (psutil.Error, OSError):  # the process ended while being looked at
            continue
        if str(tmp_path) in (info["exe"] or "") or str(tmp_path) in (info["cwd"] or ""):
            survivors.append(info)
    assert not survivors, f"processes survived the sandbox: {survivors}"
    assert not list(tmp_path.glob("pcwm-run-*")), "work dir not cleaned up"


@pytest.fixture
def run_evil():
    """run_evil("fork_bomb.c", *args) -> SandboxResult under a short, small plan."""

    def run(name: str, *args: str, plan: RunPlan = PLAN):
        return run_tsan(Program.from_path(EVIL / name, args=args), plan)

    return run


REPO = Path(__file__).resolve().parents[3]
CALIPER_TARBALL = REPO.parent / "shared" / "vendor" / "caliper-74e48659.tar.gz"


@pytest.fixture(scope="session")
def real_caliper():
    """A real Caliper with OMPT: the one `find_caliper` sees, else built now by sandbox/install-caliper.sh (into
    $PCWM_CALIPER_PREFIX, which tests/conftest.py sets to the user's cache, ~80 s once) from $PCWM_CALIPER_SRC or
    ../shared/vendor, else from GitHub.

    Skips only when there is neither a source tarball nor network; with a tarball at hand a failed build fails."""
    from pcwm.sandbox import caliper as cali

    found = cali.find_caliper()
    if found is not None and ((found.prefix / ".pcwm-caliper-stamp").exists() or _is_real(found.prefix)):
        return found
    tarball = Path(os.environ.get("PCWM_CALIPER_SRC") or CALIPER_TARBALL)
    cmd = ["bash", str(REPO / "sandbox" / "install-caliper.sh")]
    cmd += ["--src", str(tarball)] if tarball.is_file() else []
    cmd += [os.environ.get("PCWM_CALIPER_PREFIX") or str(cali.default_prefix())]
    env = {k: v for k, v in os.environ.items() if k not in ("PCWM_CALIPER_SRC", "PCWM_CALIPER_PREFIX")}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800, check=False)
    if proc.returncode != 0:
        if not tarball.is_file() and "download failed" in proc.stderr:
            pytest.skip(
                "real Caliper not available: no source tarball ($PCWM_CALIPER_SRC or ../shared/vendor/"
                f"{CALIPER_TARBALL.name}) and no network to fetch it"
            )
        pytest.fail(f"sandbox/install-caliper.sh failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return cali.CaliperInstall(Path(proc.stdout.strip().splitlines()[-1]))


def _is_real(prefix: Path) -> bool:
    """A Caliper built elsewhere (no stamp of ours): real when it ships cali-query next to the library."""
    return (prefix / "bin" / "cali-query").exists()
