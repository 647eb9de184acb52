"""Transient cgroups for contained commands: memory, pids and CPU caps, nested under the caller's own cgroup.

Each command gets `pcwm-<owner pid>-<owner start time>-<random>` under the cgroup this process already belongs to in
every hierarchy (v1: memory, pids, cpu, freezer; v2: the unified tree), so the caps add to whatever limits the caller
already has and nothing is created at the root of a hierarchy. The name carries its owner, so `sweep_stale` (run
once per process before the first cgroup is made) removes only cgroups whose owner process is gone: other pcwm
processes on the same machine keep theirs.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import time
import uuid
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

BASE = Path("/sys/fs/cgroup")
V1_CONTROLLERS = ("memory", "pids", "cpu", "freezer")
CPU_PERIOD_US = 100_000


def _own_paths() -> dict[str, str]:
    """This process's cgroup path per controller ('unified' for v2), from /proc/self/cgroup."""
    out: dict[str, str] = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        _, controllers, path = line.split(":", 2)
        for c in controllers.split(",") if controllers else ["unified"]:
            out[c] = path
    return out


@functools.lru_cache(maxsize=1)
def cgroup_parents() -> dict[str, Path]:
    """Writable parent dirs per controller, each the caller's own cgroup; {} when cgroups are unusable."""
    if os.environ.get("PCWM_SANDBOX_CGROUPS") == "0":
        return {}
    own = _own_paths()
    if (BASE / "cgroup.controllers").exists():  # pure v2
        parent = BASE / own.get("unified", "/").lstrip("/")
        return {"unified": parent} if os.access(parent, os.W_OK) else {}
    found = {}
    for c in V1_CONTROLLERS:
        parent = BASE / c / own.get(c, "/").lstrip("/")
        if parent.is_dir() and os.access(parent, os.W_OK):
            found[c] = parent
    return found if {"memory", "pids"} <= found.keys() else {}


def _owner_tag(pid: int) -> str:
    try:
        return f"{pid}-{int(psutil.Process(pid).create_time() * 100)}"
    except psutil.Error:
        return f"{pid}-0"


def _owner_alive(name: str) -> bool:
    """Whether the process named in `pcwm-<pid>-<start>-<rand>` still exists (same pid and start time)."""
    parts = name.split("-")
    if len(parts) != 4 or not parts[1].isdigit():
        return True  # not ours to judge (older naming, or someone else's): leave it
    return _owner_tag(int(parts[1])) == f"{parts[1]}-{parts[2]}"


_swept = False


def sweep_stale() -> int:
    """Removes sandbox cgroups whose owner process is dead (killing what is left in them); returns how many."""
    global _swept
    _swept = True
    removed = 0
    for parent in cgroup_parents().values():
        try:
            children = [d for d in parent.iterdir() if d.is_dir() and d.name.startswith("pcwm-")]
        except OSError:
            continue
        for d in children:
            if _owner_alive(d.name):
                continue
            _kill_procs(d)
            if _rmdir(d):
                removed += 1
    if removed:
        log.info("sandbox: removed %d stale cgroups left by dead pcwm processes", removed)
    return removed


def _kill_procs(d: Path) -> None:
    try:
        pids = [int(x) for x in (d / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _rmdir(d: Path, tries: int = 50) -> bool:
    for _ in range(tries):
        try:
            d.rmdir()
            return True
        except FileNotFoundError:
            return True
        except OSError:
            time.sleep(0.02)
    return False


class Cgroup:
    """A transient cgroup holding one command's processes, or a no-op when cgroups are unavailable."""

    def __init__(self, memory_mb: int, max_pids: int, cpus: float | None):
        if not _swept:
            sweep_stale()
        self.dirs: dict[str, Path] = {}
        name = f"pcwm-{_owner_tag(os.getpid())}-{uuid.uuid4().hex[:8]}"
        for controller, parent in cgroup_parents().items():
            try:
                d = parent / name
                d.mkdir()
                self.dirs[controller] = d
            except OSError:
                continue
        try:
            self._set("memory", "memory.limit_in_bytes", "memory.max", str(memory_mb * 1024 * 1024))
            self._set("pids", "pids.max", "pids.max", str(max_pids))
            if cpus is not None:
                quota = max(1000, int(cpus * CPU_PERIOD_US))
                if "unified" in self.dirs:
                    self._set("cpu", "", "cpu.max", f"{quota} {CPU_PERIOD_US}", required=False)
                elif "cpu" in self.dirs:
                    (self.dirs["cpu"] / "cpu.cfs_period_us").write_text(str(CPU_PERIOD_US))
                    (self.dirs["cpu"] / "cpu.cfs_quota_us").write_text(str(quota))
        except OSError as exc:
            log.debug("cgroup limits not settable (%s); falling back to polling", exc)
            self.close()
            self.dirs = {}

    @property
    def active(self) -> bool:
        return bool(self.dirs)

    def _set(self, controller: str, v1_file: str, v2_file: str, value: str, required: bool = True) -> None:
        d = self.dirs.get(controller) or self.dirs.get("unified")
        if d is None:
            return
        try:
            (d / (v2_file if "unified" in self.dirs else v1_file)).write_text(value)
        except OSError:
            if required:
                raise

    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs.values()]

    def pids(self) -> set[int]:
        found: set[int] = set()
        for f in self.procs_files():
            try:
                found.update(int(x) for x in Path(f).read_text().split())
            except (OSError, ValueError):
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
            if c not in self.dirs:
                continue
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
                    if state.read_text().strip() in ("FROZEN", "1"):
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
            if not _rmdir(d):
                log.warning("sandbox: cgroup %s could not be removed (the next pcwm start sweeps it)", d)
