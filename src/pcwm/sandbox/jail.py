"""Building the sandbox's exec helper `pcwm-jail` (sandbox/jail/pcwm_jail.c): seccomp filter + provenance line.

The helper is compiled once per (source, compiler) into the cache dir with clang and libseccomp
(`libseccomp-dev`, installed by sandbox/install-toolchain.sh). Without it the sandbox refuses to run candidates:
a missing helper is a ToolchainError (sandbox_error), never a silently weaker sandbox.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import subprocess
import tempfile
from pathlib import Path

from pcwm import paths
from pcwm.io import write_bytes_atomic
from pcwm.sandbox.toolchain import ToolchainError

JAIL_SOURCE = Path(__file__).parent / "native" / "pcwm_jail.c"
JAIL_CFLAGS = ("-O2", "-Wall")


@functools.lru_cache(maxsize=4)
def build_jail(cc: str, cc_version: str) -> Path:
    """Path of the built helper, compiling it on first use; raises ToolchainError with the fix when it cannot."""
    text = JAIL_SOURCE.read_bytes()
    key = hashlib.sha256(text + b"\0" + cc_version.encode() + b"\0" + " ".join(JAIL_CFLAGS).encode()).hexdigest()
    out_dir = paths.jail_cache()
    target = out_dir / f"pcwm-jail-{key[:16]}"
    if target.exists():
        return target
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".build-", dir=out_dir)
    os.close(fd)
    try:
        proc = subprocess.run(
            [cc, *JAIL_CFLAGS, str(JAIL_SOURCE), "-o", tmp, "-lseccomp"], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise ToolchainError(
                "cannot build the sandbox's seccomp helper (is libseccomp-dev installed? run "
                f"`sudo bash sandbox/install-toolchain.sh`):\n{proc.stderr[-2000:]}"
            )
        os.chmod(tmp, 0o755)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def world_readable_copy(built: Path) -> Path:
    """A copy of the helper that uid 65534 can execute: `<tmp>/pcwm-jail-<uid>-<digest>/pcwm-jail`.

    The cache dir may sit under a private home (root's is 0700), so the sandbox runs the helper from the temp dir.
    The copy is named by its content and shared by every process of this user: nothing to clean up per process
    (a per-process copy leaked whenever a worker ended by os._exit or a signal, skipping atexit). Before reusing
    the dir we check that this user owns it and nobody else can write to it, since anyone can create names in
    the temp dir; the file's bytes are compared with the build on every first use in a process.
    """
    data = built.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    d = Path(tempfile.gettempdir()) / f"pcwm-jail-{os.getuid()}-{digest}"
    try:
        os.mkdir(d, 0o755)
        os.chmod(d, 0o755)  # mkdir's mode goes through the umask
    except FileExistsError:
        pass
    st = os.lstat(d)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        raise ToolchainError(f"{d} is not a directory that only this user (uid {os.getuid()}) can write to; "
                             "the sandbox will not run its helper from there: remove it and retry")
    target = d / "pcwm-jail"
    try:
        tst = os.lstat(target)
        fresh = stat.S_ISREG(tst.st_mode) and tst.st_uid == os.getuid() and target.read_bytes() == data
    except FileNotFoundError:
        fresh = False
    if not fresh:
        write_bytes_atomic(target, data, mode=0o755)
    return target
