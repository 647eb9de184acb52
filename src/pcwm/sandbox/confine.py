"""How a contained command is confined: namespaces, file-system view, uid, capabilities, seccomp.

Modes, best first (the one used is recorded with each result):
- `bwrap`: bubblewrap with a user namespace (uid/gid 65534 inside, every capability dropped), own pid, net, ipc,
  uts and cgroup namespaces; the file system is a fresh tmpfs holding only /usr (read-only; /bin, /lib, /lib64 as
  symlinks into it), /etc/ld.so.cache, a minimal /dev, the sandbox's own /proc, a size-capped private /tmp, the
  work dir, and the read-only extra paths a caller names (e.g. a Caliper prefix). No /sys, no home, no checkout.
- `unshare`: own pid, net, ipc, uts and cgroup namespaces, the host's file system, the command as uid 65534 (when
  pcwm runs as root) with no capabilities: weaker, refused unless unconfined runs are allowed explicitly.
- `none`: no namespaces (uid drop and seccomp as for unshare): refused unless allowed explicitly.
Every mode ends in `pcwm-jail` (seccomp filter, no_new_privs, a provenance line; see sandbox/jail/pcwm_jail.c).
Allowing the weaker modes takes `PCWM_SANDBOX_ALLOW_UNCONFINED=1` (CLI: `--unsafe-allow-unconfined`).
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from pcwm.sandbox.toolchain import ToolchainError

log = logging.getLogger(__name__)

ALLOW_ENV = "PCWM_SANDBOX_ALLOW_UNCONFINED"
SANDBOX_UID = 65534
MODES = ("bwrap", "unshare", "none")


class SandboxUnavailable(ToolchainError):
    """No confinement strong enough for untrusted code, and weaker modes were not explicitly allowed."""


def unconfined_allowed() -> bool:
    return os.environ.get(ALLOW_ENV) == "1"


def available_modes() -> list[str]:
    """The modes this host can run (bwrap and unshare are probed); 'none' is always possible."""
    modes = [m for m in ("bwrap", "unshare") if _probe_mode(m)]
    return [*modes, "none"]


@functools.lru_cache(maxsize=1)
def isolation_mode() -> str:
    """The mode to use: $PCWM_SANDBOX_ISOLATION, else the strongest available. Raises SandboxUnavailable when the
    result is weaker than bwrap and weaker modes are not allowed ($PCWM_SANDBOX_ALLOW_UNCONFINED=1)."""
    wanted = os.environ.get("PCWM_SANDBOX_ISOLATION")
    if wanted and wanted not in MODES:
        raise SandboxUnavailable(f"PCWM_SANDBOX_ISOLATION must be one of {MODES}, got {wanted!r}")
    mode = wanted or next(m for m in available_modes())
    if mode != "bwrap" and not unconfined_allowed():
        raise SandboxUnavailable(
            f"refusing to run untrusted code with isolation {mode!r}: the host file system would be visible to it. "
            "Install bubblewrap (sandbox/install-toolchain.sh), or accept the risk explicitly with "
            f"{ALLOW_ENV}=1 (CLI: --unsafe-allow-unconfined)."
        )
    if mode != "bwrap":
        log.warning("sandbox: UNCONFINED mode %r explicitly allowed: candidates can read the host file system", mode)
    return mode


@functools.lru_cache(maxsize=2)
def _probe_mode(mode: str) -> bool:
    with tempfile.TemporaryDirectory(prefix="pcwm-probe-") as tmp:
        argv = [*prefix(mode, tmp, ro_paths=(), writable=True, tmp_mb=1), "/bin/true"]
        try:
            return subprocess.run(argv, capture_output=True, timeout=20, check=False).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False


def _drop_root() -> list[str]:
    """setpriv to uid/gid 65534 without capabilities when running as root (unshare/none modes)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return []
    return ["setpriv", f"--reuid={SANDBOX_UID}", f"--regid={SANDBOX_UID}", "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all", "--no-new-privs", "--"]


def prefix(mode: str, workdir: str, *, ro_paths: tuple[str, ...], writable: bool, tmp_mb: int,
           network: bool = False) -> list[str]:
    """The argv prefix that confines a command run in `workdir` (before the jail helper)."""
    if mode == "bwrap":
        return [shutil.which("bwrap") or "bwrap", *_bwrap_args(workdir, ro_paths, writable, tmp_mb, network)]
    if mode == "unshare":
        ns = ["--pid", "--fork", "--kill-child", "--mount-proc", "--ipc", "--uts", "--cgroup"]
        ns += [] if network else ["--net"]
        if os.geteuid() != 0:
            ns = ["--map-user", str(SANDBOX_UID), "--map-group", str(SANDBOX_UID), *ns]
        return ["unshare", *ns, *_drop_root()]
    return _drop_root()


def _bwrap_args(workdir: str, ro_paths: tuple[str, ...], writable: bool, tmp_mb: int, network: bool) -> list[str]:
    args = ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--cap-drop", "ALL",
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        p = Path("/") / top
        if p.is_symlink():
            args += ["--symlink", os.readlink(p), str(p)]
        elif p.is_dir():
            args += ["--ro-bind", str(p), str(p)]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache", "--dev", "/dev", "--proc", "/proc",
             "--size", str(tmp_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    for p in ro_paths:
        args += ["--ro-bind", p, p]
    # A read-only work dir (TSan runs) is not the working directory: programs that write files (DRB049 does) write
    # them into the size-capped private /tmp instead.
    args += ["--bind" if writable else "--ro-bind", workdir, workdir, "--chdir", workdir if writable else "/tmp"]
    if not network:
        args.append("--unshare-net")
    return args


def parse_status(line: str) -> dict:
    """The jail's provenance line ('pid=2 Uid=65534 ... CapEff=0000000000000000 ...') as a dict."""
    out: dict = {}
    for item in line.split():
        key, _, val = item.partition("=")
        if key in ("Uid", "Gid"):
            out[key.lower()] = int(val.split()[0]) if val.split() else None
        elif key in ("CapEff", "CapPrm", "CapBnd"):
            out[key.lower()] = val
        elif key in ("NoNewPrivs", "Seccomp", "pid") and val.isdigit():
            out[key.lower()] = int(val)
    return out


def prepare_workdir(path: Path, mode: str) -> None:
    """Makes `path` usable by the confined command: owned by uid 65534 when it will run as that host uid."""
    if mode != "bwrap" and _drop_root():
        os.chown(path, SANDBOX_UID, SANDBOX_UID)
        path.chmod(0o700)
        for parent in path.resolve().parents:  # uid 65534 must be able to reach it: traverse-only (o+x), no listing
            mode_bits = parent.stat().st_mode
            if not mode_bits & stat.S_IXOTH:
                log.info("sandbox: adding o+x to %s so uid %d can reach its work dir", parent, SANDBOX_UID)
                parent.chmod(mode_bits | stat.S_IXOTH)


def remove_tree(path: str | Path) -> None:
    """rm -rf that never raises: clears immutable/append-only flags and read-only modes it meets, logs leftovers."""
    path = Path(path)
    if not path.exists():
        return

    def onerror(_func, p, _exc):
        if shutil.which("chattr"):
            subprocess.run(["chattr", "-R", "-i", "-a", str(path)], capture_output=True, check=False)
        try:
            os.chmod(p, 0o700)
            os.chmod(os.path.dirname(p), 0o700)
        except OSError:
            pass

    shutil.rmtree(path, onerror=onerror)
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)
    if path.exists():
        log.error("sandbox: could not remove %s (immutable or foreign files inside)", path)
