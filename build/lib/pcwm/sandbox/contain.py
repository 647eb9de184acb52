"""Running one untrusted command, contained.

Every command runs in its own process session with stdin closed, a private working directory, capped output, a
wall-clock limit, a memory cap and a process-count cap, and everything it started is killed afterwards.

Isolation is layered on what the host offers, best first, and the layer used is recorded with each result:
- bubblewrap (`bwrap`): no network, read-only view of the host file system except the work dir, own PID namespace;
- `unshare --net --pid` (root only): no network, own PID namespace, but the file system is writable;
- none: a warning is logged once; limits still apply.
Memory and processes are capped by a cgroup (v1 or v2) where one can be created, else by polling the process tree's
RSS. TSan reserves ~128 TB of virtual address space, so RLIMIT_AS is never used: it would kill every TSan binary.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from pcwm import stopping

log = logging.getLogger(__name__)

MARKER_ENV = "PCWM_SANDBOX_RUN"


class SandboxStopped(Exception):
    """The command was killed because pcwm itself is stopping (SIGINT/SIGTERM): no result, never a label."""


@dataclass(frozen=True)
class Limits:
    """Resource limits for one contained command."""

    timeout_s: float = 30.0
    memory_mb: int = 2048
    max_pids: int = 512
    output_keep_bytes: int = 64 * 1024  # per stream, kept for the record
    output_kill_bytes: int = 32 * 1024 * 1024  # per stream, beyond this the command is killed
    file_size_mb: int = 256  # largest file the command may write (RLIMIT_FSIZE)
    network: bool = False


@dataclass
class ContainedResult:
    """What happened to one contained command."""

    returncode: int | None
    stdout: str
    stderr: str
    wall_s: float
    killed_reason: str | None = None  # timeout | memory | output | None
    stdout_bytes: int = 0
    stderr_bytes: int = 0
    peak_rss_mb: float | None = None
    isolation: dict = field(default_factory=dict)

    @property
    def timed_out(self) -> bool:
        return self.killed_reason == "timeout"


# ---------------------------------------------------------------- isolation probes (once per process)


@functools.lru_cache(maxsize=1)
def isolation_mode() -> str:
    """'bwrap', 'unshare' or 'none': the strongest isolation this host allows."""
    if os.environ.get("PCWM_SANDBOX_ISOLATION") in ("bwrap", "unshare", "none"):
        return os.environ["PCWM_SANDBOX_ISOLATION"]
    bwrap = shutil.which("bwrap")
    if bwrap and _probe([bwrap, *_bwrap_args("/tmp"), "true"]):
        return "bwrap"
    unshare = shutil.which("unshare")
    if unshare and _probe([unshare, "--net", "--pid", "--fork", "--kill-child", "true"]):
        return "unshare"
    log.warning(
        "sandbox degraded: neither bubblewrap nor unshare can create namespaces here; candidates can reach the "
        "network and write outside their work dir. Install bubblewrap (sandbox/install-toolchain.sh)."
    )
    return "none"


def _probe(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=20, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _bwrap_args(workdir: str, network: bool = False, ro_paths: tuple[str, ...] = ()) -> list[str]:
    args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for p in ro_paths:  # e.g. include dirs under /tmp, which the private /tmp would hide
        args += ["--ro-bind", p, p]
    args += ["--bind", workdir, workdir, "--chdir", workdir]
    args += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session"]
    if not network:
        args.append("--unshare-net")
    return args


def _isolation_prefix(mode: str, workdir: str, network: bool, ro_paths: tuple[str, ...] = ()) -> list[str]:
    if mode == "bwrap":
        return [shutil.which("bwrap") or "bwrap", *_bwrap_args(workdir, network, ro_paths)]
    if mode == "unshare":
        return ["unshare", "--pid", "--fork", "--kill-child", *([] if network else ["--net"])]
    return []


# ---------------------------------------------------------------- cgroups


class _Cgroup:
    """A transient cgroup holding one command's processes (v2, or v1 memory+pids), or a no-op when unavailable."""

    def __init__(self, limits: Limits):
        self.dirs: dict[str, Path] = {}
        name = f"pcwm-{uuid.uuid4().hex[:12]}"
        for controller, path in _cgroup_roots().items():
            try:
                d = path / name
                d.mkdir()
                self.dirs[controller] = d
            except OSError:
                continue
        try:
            self._set("memory", "memory.limit_in_bytes", "memory.max", limits.memory_mb * 1024 * 1024)
            self._set("pids", "pids.max", "pids.max", limits.max_pids)
        except OSError as exc:
            log.debug("cgroup limits not settable (%s); falling back to polling", exc)
            self.close()
            self.dirs = {}

    @property
    def active(self) -> bool:
        return bool(self.dirs)

    def _set(self, controller: str, v1_file: str, v2_file: str, value: int) -> None:
        d = self.dirs.get(controller) or self.dirs.get("unified")
        if d is None:
            return
        target = d / (v2_file if "unified" in self.dirs else v1_file)
        target.write_text(str(value))

    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs.values()]

    def pids(self) -> set[int]:
        found: set[int] = set()
        for f in self.procs_files():
            try:
                found.update(int(x) for x in Path(f).read_text().split())
            except OSError:
                pass
        return found

    def peak_rss_mb(self) -> float | None:
        for c, name in (("memory", "memory.max_usage_in_bytes"), ("unified", "memory.peak")):
            if c in self.dirs:
                try:
                    return int((self.dirs[c] / name).read_text()) / 2**20
                except (OSError, ValueError):
                    return None
        return None

    def oom_killed(self) -> bool:
        for c, name in (("memory", "memory.oom_control"), ("unified", "memory.events")):
            if c in self.dirs:
                try:
                    for line in (self.dirs[c] / name).read_text().splitlines():
                        key, _, val = line.partition(" ")
                        if key == "oom_kill" and int(val) > 0:
                            return True
                except (OSError, ValueError):
                    pass
                if c == "memory":
                    try:
                        return int((self.dirs[c] / "memory.failcnt").read_text()) > 0 and self._near_limit()
                    except (OSError, ValueError):
                        return False
        return False

    def _near_limit(self) -> bool:
        d = self.dirs["memory"]
        peak = int((d / "memory.max_usage_in_bytes").read_text())
        limit = int((d / "memory.limit_in_bytes").read_text())
        return peak >= 0.95 * limit

    def freeze_and_kill(self) -> None:
        """Kills every process of the cgroup without letting any of them fork meanwhile."""
        if "unified" in self.dirs and (self.dirs["unified"] / "cgroup.kill").exists():
            (self.dirs["unified"] / "cgroup.kill").write_text("1")
            return
        state = None
        if "freezer" in self.dirs:
            state = self.dirs["freezer"] / "freezer.state"
        elif "unified" in self.dirs:
            state = self.dirs["unified"] / "cgroup.freeze"
        if state is not None:
            try:
                state.write_text("FROZEN" if state.name == "freezer.state" else "1")
                for _ in range(200):
                    current = state.read_text().strip()
                    if current in ("FROZEN", "1"):
                        break
                    time.sleep(0.005)
            except OSError:
                state = None
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if state is not None:
            try:
                state.write_text("THAWED" if state.name == "freezer.state" else "0")
            except OSError:
                pass

    def close(self) -> None:
        for d in self.dirs.values():
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except OSError:
                    time.sleep(0.02)


@functools.lru_cache(maxsize=1)
def _cgroup_roots() -> dict[str, Path]:
    """Writable cgroup parents: {'unified': path} on v2, {'memory': path, 'pids': path} on v1; {} if none."""
    if os.environ.get("PCWM_SANDBOX_CGROUPS") == "0":
        return {}
    base = Path("/sys/fs/cgroup")
    if (base / "cgroup.controllers").exists():
        return {"unified": base} if os.access(base, os.W_OK) else {}
    wanted = ("memory", "pids", "freezer")
    roots = {c: base / c for c in wanted if (base / c).is_dir() and os.access(base / c, os.W_OK)}
    return roots if {"memory", "pids"} <= roots.keys() else {}


# ---------------------------------------------------------------- running


class _StreamReader(threading.Thread):
    """Drains one pipe, keeping the first `keep` bytes and counting the rest."""

    def __init__(self, pipe, keep: int, kill_at: int, on_flood):
        super().__init__(daemon=True)
        self.pipe, self.keep, self.kill_at, self.on_flood = pipe, keep, kill_at, on_flood
        self.data = bytearray()
        self.total = 0

    def run(self) -> None:
        try:
            while chunk := self.pipe.read1(65536):
                self.total += len(chunk)
                if len(self.data) < self.keep:
                    self.data += chunk[: self.keep - len(self.data)]
                if self.total > self.kill_at:
                    self.on_flood()
                    # keep draining so the writer never blocks on a full pipe before it is killed
        except (OSError, ValueError):
            pass

    def text(self) -> str:
        s = self.data.decode("utf-8", errors="replace")
        if self.total > len(self.data):
            s += f"\n[pcwm: output truncated, {self.total} bytes in total]"
        return s


def run_contained(
    argv: list[str],
    *,
    cwd: str | Path,
    env: dict[str, str] | None = None,
    limits: Limits = Limits(),
    ro_paths: tuple[str, ...] = (),
) -> ContainedResult:
    """Runs `argv` in `cwd` under `limits`; returns what happened. Never leaves a process behind.

    `ro_paths` are host folders the command must be able to read even where the isolation hides them (/tmp).

    `env` is the complete environment (the host's is not inherited, so a user's OMP_/TSAN_ variables cannot change a
    label). An infrastructure failure to start the command raises OSError; the command's own failures are results.
    """
    cwd = str(Path(cwd).resolve())
    run_id = uuid.uuid4().hex
    full_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": cwd, "TMPDIR": cwd, "LANG": "C.UTF-8"}
    full_env.update(env or {})
    full_env[MARKER_ENV] = run_id
    full_env[stopping.OWNER_ENV] = stopping.owner()

    mode = isolation_mode()
    cgroup = _Cgroup(limits)
    fsize = limits.file_size_mb * 1024 * 1024
    # A tiny shell joins the cgroup before exec'ing the command, so no child can start outside it.
    join = "".join(f'echo $$ > "{f}" || exit 125; ' for f in cgroup.procs_files())
    wrapper = ["/bin/sh", "-c", join + 'exec "$@"', "pcwm-sandbox"]
    prlimit = ["prlimit", f"--fsize={fsize}", "--core=0", "--"] if shutil.which("prlimit") else []
    full_argv = wrapper + prlimit + _isolation_prefix(mode, cwd, limits.network, _existing_dirs(ro_paths)) + list(argv)

    flood = threading.Event()
    start = time.monotonic()
    proc = subprocess.Popen(
        full_argv,
        cwd=cwd,
        env=full_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    readers = [_StreamReader(p, limits.output_keep_bytes, limits.output_kill_bytes, flood.set) for p in (
        proc.stdout, proc.stderr)]
    for r in readers:
        r.start()

    killed_reason, peak_polled = None, 0.0
    while True:
        try:
            proc.wait(timeout=0.05)
            break
        except subprocess.TimeoutExpired:
            pass
        if flood.is_set():
            killed_reason = "output"
            break
        if stopping.requested():
            killed_reason = "stopped"
            break
        if time.monotonic() - start > limits.timeout_s:
            killed_reason = "timeout"
            break
        if not cgroup.active:
            rss = _tree_rss_mb(proc.pid)
            peak_polled = max(peak_polled, rss)
            if rss > limits.memory_mb:
                killed_reason = "memory"
                break
    wall = time.monotonic() - start
    _kill_everything(proc, cgroup, run_id)
    for r in readers:
        r.join(timeout=5)
    returncode = proc.returncode
    if killed_reason == "stopped":
        cgroup.close()
        raise SandboxStopped(f"stopped: {argv[0] if argv else ''}")
    if killed_reason is None and cgroup.active and cgroup.oom_killed():
        killed_reason = "memory"
    peak = cgroup.peak_rss_mb() if cgroup.active else peak_polled or None
    result = ContainedResult(
        returncode=None if killed_reason else returncode,
        stdout=readers[0].text(),
        stderr=readers[1].text(),
        wall_s=wall,
        killed_reason=killed_reason,
        stdout_bytes=readers[0].total,
        stderr_bytes=readers[1].total,
        peak_rss_mb=peak,
        isolation={"namespaces": mode, "cgroup": cgroup.active},
    )
    cgroup.close()
    return result


def _existing_dirs(paths: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(Path(p).resolve()) for p in paths if Path(p).is_dir())


def _tree_rss_mb(pid: int) -> float:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def _kill_everything(proc: subprocess.Popen, cgroup: _Cgroup, run_id: str) -> None:
    """SIGKILLs the session, every process of the cgroup and every process carrying this run's marker."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if cgroup.active:
        for _ in range(100):
            cgroup.freeze_and_kill()
            if not cgroup.pids():
                break
            time.sleep(0.01)
    # Final sweep: anything that carries this run's marker (escapees, or everything when there is no cgroup).
    for _ in range(100):
        victims = _marked_pids(run_id) - {os.getpid()}
        if not victims:
            break
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.01)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        log.error("sandbox: process %d survived SIGKILL", proc.pid)


def _marked_pids(run_id: str) -> set[int]:
    """Processes whose environment carries this run's marker (catches escapees that left the session)."""
    needle = f"{MARKER_ENV}={run_id}".encode()
    found = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as f:
                if needle in f.read():
                    found.add(int(entry.name))
        except OSError:
            continue
    return found
