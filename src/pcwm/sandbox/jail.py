"""Building the sandbox's exec helper `pcwm-jail` (sandbox/jail/pcwm_jail.c): seccomp filter + provenance line.

The helper is compiled once per (source, compiler) into the cache dir with clang and libseccomp
(`libseccomp-dev`, installed by sandbox/install-toolchain.sh). Without it the sandbox refuses to run candidates:
a missing helper is a ToolchainError (sandbox_error), never a silently weaker sandbox.
"""

from __future__ import annotations

import functools
import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from pcwm import paths
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
