"""Running one untrusted command, contained.

Every command runs in its own process session with stdin closed, a confined view of the host (see confine.py:
user namespace with no capabilities, seccomp, only the toolchain and the work dir visible), capped output, a
wall-clock limit, and a cgroup nested under the caller's own that caps memory, processes and CPU; everything it
started is killed afterwards, also when pcwm itself is asked to stop (SIGINT/SIGTERM, see `pcwm.stopping`: the run
then raises SandboxStopped and is never a result).
Without cgroups, memory is capped by polling the process tree's RSS. Disk: /tmp is a size-capped tmpfs; a writable
work dir is capped by polling its size (`Limits.disk_mb`) and each file by RLIMIT_FSIZE. TSan reserves ~128 TB of
virtual address space, so RLIMIT_AS is never used: it would kill every TSan binary.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from pcwm import stopping
from pcwm.errors import Stopped
from pcwm.sandbox import confine
from pcwm.sandbox.cgroups import Cgroup
from pcwm.sandbox.confine import isolation_mode  # noqa: F401  (re-exported: tests and callers use contain.*)

log = logging.getLogger(__name__)

MARKER_ENV = "PCWM_SANDBOX_RUN"


class SandboxStopped(Stopped):
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
    disk_mb: int = 512  # total size of a writable work dir (polled)
    tmp_mb: int = 256  # size of the private /tmp tmpfs (bwrap), charged to the memory cap too
    cpus: float | None = None  # CPU quota in cores; None = the cores this process may use
    network: bool = False


@dataclass
class ContainedResult:
    """What happened to one contained command."""

    returncode: int | None
    stdout: str
    stderr: str
    wall_s: float
    killed_reason: str | None = None  # timeout | memory | output | disk | stopped | None
    stdout_bytes: int = 0
    stderr_bytes: int = 0
    peak_rss_mb: float | None = None
    isolation: dict = field(default_factory=dict)

    @property
    def timed_out(self) -> bool:
        return self.killed_reason == "timeout"


@functools.lru_cache(maxsize=1)
def _jail_path() -> str:
    """The seccomp helper, as a world-readable copy (it runs as uid 65534 in some modes)."""
    from pcwm.sandbox.jail import build_jail, world_readable_copy
    from pcwm.sandbox.toolchain import Toolchain

    tc = Toolchain.detect()
    return str(world_readable_copy(build_jail(tc.cc, tc.version)))


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
    writable: bool = True,
    on_start: Callable[[int], None] | None = None,
    abort: threading.Event | None = None,
) -> ContainedResult:
    """Runs `argv` in `cwd` under `limits`; returns what happened. Never leaves a process behind.

    `ro_paths` are host folders the command may read (everything else but the toolchain is hidden under bwrap);
    `writable=False` (bwrap) mounts the work dir read-only and starts the command in its private /tmp, so give it
    an absolute path; in the weaker modes the work dir stays writable and its size is polled.
    `on_start(pid)` is called with the started process's pid; setting `abort` kills the command (reason "output").
    `env` is the complete environment (the host's is not inherited, so a user's OMP_/TSAN_ variables cannot change a
    label). An infrastructure failure to start the command raises OSError (SandboxUnavailable when no acceptable
    confinement exists); the command's own failures are results.
    """
    cwd = str(Path(cwd).resolve())
    run_id = uuid.uuid4().hex
    mode = isolation_mode()
    home = "/tmp" if mode == "bwrap" else cwd
    full_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8"}
    full_env.update(env or {})
    full_env[MARKER_ENV] = run_id
    full_env[stopping.OWNER_ENV] = stopping.owner()

    jail = _jail_path()
    ro = (*_existing_dirs(ro_paths), str(Path(jail).parent))
    cpus = limits.cpus if limits.cpus is not None else float(len(os.sched_getaffinity(0)))
    cgroup = Cgroup(limits.memory_mb, limits.max_pids, cpus)
    status_r, status_w = os.pipe()
    try:
        # A tiny shell joins the cgroup before exec'ing the command, so no child can start outside it.
        join = "".join(f'echo $$ > "{f}" || exit 125; ' for f in cgroup.procs_files())
        wrapper = ["/bin/sh", "-c", join + 'exec "$@"', "pcwm-sandbox"]
        fsize = limits.file_size_mb * 1024 * 1024
        prlimit = ["prlimit", f"--fsize={fsize}", "--core=0", "--"] if shutil.which("prlimit") else []
        confined = confine.prefix(mode, cwd, ro_paths=ro, writable=writable, tmp_mb=limits.tmp_mb,
                                  network=limits.network)
        full_argv = [*wrapper, *prlimit, *confined, jail, "--status-fd", str(status_w), "--", *argv]
        hooks = (on_start, abort or threading.Event())
        poll_disk = writable or mode != "bwrap"
        result = _supervise(full_argv, cwd, full_env, limits, cgroup, run_id, status_w, poll_disk, hooks)
        os.close(status_w)
        status_w = -1
        os.set_blocking(status_r, False)
        try:
            status = os.read(status_r, 4096).decode(errors="replace")
        except BlockingIOError:
            status = ""
        result.isolation = {"namespaces": mode, "cgroup": cgroup.active, **confine.parse_status(status)}
        return result
    finally:
        for fd in (status_r, status_w):
            if fd >= 0:
                os.close(fd)
        cgroup.close()


def _supervise(full_argv, cwd, full_env, limits, cgroup, run_id, status_fd, poll_disk, hooks) -> ContainedResult:
    on_start, flood = hooks
    start = time.monotonic()
    proc = subprocess.Popen(
        full_argv,
        cwd=cwd,
        env=full_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        pass_fds=(status_fd,),
    )
    readers = [_StreamReader(p, limits.output_keep_bytes, limits.output_kill_bytes, flood.set) for p in (
        proc.stdout, proc.stderr)]
    try:
        if on_start is not None:
            on_start(proc.pid)
        for r in readers:
            r.start()
        killed_reason, peak_polled, next_disk = None, 0.0, start + 0.1
        while True:
            try:
                proc.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            killed_reason = _over_limit(flood, now - start, limits)
            if killed_reason is None and not cgroup.active:
                rss = _tree_rss_mb(proc.pid)
                peak_polled = max(peak_polled, rss)
                killed_reason = "memory" if rss > limits.memory_mb else None
            if killed_reason is None and poll_disk and now >= next_disk:
                next_disk = now + 0.1
                killed_reason = "disk" if _dir_mb(cwd, limits.disk_mb) > limits.disk_mb else None
            if killed_reason:
                break
        wall = time.monotonic() - start
    finally:
        _kill_everything(proc, cgroup, run_id)
        for r in readers:
            r.join(timeout=5)
    if killed_reason == "stopped":
        raise SandboxStopped(f"stopped: {full_argv[-1]}")
    if killed_reason is None and cgroup.active and cgroup.oom_killed():
        killed_reason = "memory"
    return ContainedResult(
        returncode=None if killed_reason else proc.returncode,
        stdout=readers[0].text(),
        stderr=readers[1].text(),
        wall_s=wall,
        killed_reason=killed_reason,
        stdout_bytes=readers[0].total,
        stderr_bytes=readers[1].total,
        peak_rss_mb=cgroup.peak_rss_mb() if cgroup.active else peak_polled or None,
    )


def _over_limit(flood: threading.Event, elapsed: float, limits: Limits) -> str | None:
    if stopping.requested():  # pcwm itself is stopping (SIGINT/SIGTERM, see pcwm.stopping)
        return "stopped"
    if flood.is_set():
        return "output"
    if elapsed > limits.timeout_s:
        return "timeout"
    return None


def _dir_mb(path: str, stop_at_mb: int) -> float:
    """Bytes allocated under `path` in MiB (stops counting once past `stop_at_mb`, or after 20k entries)."""
    total, seen, stack = 0, 0, [path]
    while stack and seen < 20000 and total <= stop_at_mb * 2**20:
        try:
            with os.scandir(stack.pop()) as it:
                for e in it:
                    seen += 1
                    try:
                        if e.is_dir(follow_symlinks=False):
                            stack.append(e.path)
                        else:
                            total += e.stat(follow_symlinks=False).st_blocks * 512
                    except OSError:
                        continue
        except OSError:
            continue
    return total / 2**20


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


def _kill_everything(proc: subprocess.Popen, cgroup: Cgroup, run_id: str) -> None:
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
