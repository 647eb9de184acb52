"""Finding and checking the native toolchain: clang-16, LLVM libomp with Archer, the TSan runtime, llvm-symbolizer.

A missing or broken toolchain is a `ToolchainError` (an infrastructure failure), never a label for a candidate.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pcwm.errors import InfrastructureError

LLVM_VERSION = "16"
# Flags measured on DataRaceBench (../shared/FACTS.md): -O0 finds more races than -O1/-O3 and its reported line
# pairs match the annotated ones more often; -g is needed for line numbers.
TSAN_FLAGS = ("-fopenmp", "-fsanitize=thread", "-g", "-O0")
CXX_STD = "-std=c++17"

_ARCHER_PROBE = r"""
#include <omp.h>
#include <stdio.h>
int main(void) {
  int n = 0;
  #pragma omp parallel num_threads(2)
  {
    #pragma omp atomic
    n++;
  }
  printf("n=%d\n", n);
  return 0;
}
"""


class ToolchainError(InfrastructureError):
    """The sandbox's toolchain is missing or unusable; results would not be trustworthy."""


@dataclass(frozen=True)
class Toolchain:
    """Paths and identity of the compilers and runtime the sandbox uses."""

    cc: str
    cxx: str
    symbolizer: str | None
    archer: str | None
    version: str

    @property
    def fingerprint(self) -> str:
        """A short hash that changes whenever the compiler or OpenMP runtime changes (part of cache keys)."""
        h = hashlib.sha256(self.version.encode())
        for lib in (self.archer, _libomp_path()):
            if lib and os.path.exists(lib):
                st = os.stat(lib)
                h.update(f"{lib}:{st.st_size}:{int(st.st_mtime)}".encode())
        return h.hexdigest()[:16]

    def compiler_for(self, path: str | Path) -> tuple[str, ...]:
        """The compiler command for a source file, by extension (C++ for .cc/.cpp/.cxx/.C)."""
        suffix = Path(path).suffix
        if suffix in (".cc", ".cpp", ".cxx", ".C", ".c++"):
            return (self.cxx, CXX_STD)
        return (self.cc,)

    @classmethod
    def detect(cls) -> Toolchain:
        """Finds clang-16 (or $PCWM_CC/$PCWM_CXX); raises ToolchainError with the fix when it is not there."""
        return _detect_cached(os.environ.get("PCWM_CC"), os.environ.get("PCWM_CXX"))


def _libomp_path() -> str | None:
    candidate = Path(f"/usr/lib/llvm-{LLVM_VERSION}/lib/libomp.so.5")
    return str(candidate) if candidate.exists() else None


@functools.lru_cache(maxsize=4)
def _detect_cached(cc_env: str | None, cxx_env: str | None) -> Toolchain:
    cc = cc_env or shutil.which(f"clang-{LLVM_VERSION}")
    cxx = cxx_env or shutil.which(f"clang++-{LLVM_VERSION}")
    if not cc or not cxx:
        raise ToolchainError(
            f"clang-{LLVM_VERSION} not found. Install the sandbox toolchain: `sudo bash sandbox/install-toolchain.sh`"
        )
    try:
        out = subprocess.run([cc, "--version"], capture_output=True, text=True, check=False)
    except OSError as exc:  # $PCWM_CC names something that cannot be run
        raise ToolchainError(f"cannot run the compiler {cc}: {exc}") from None
    if out.returncode != 0:
        raise ToolchainError(f"{cc} --version failed: {out.stderr.strip()}")
    version = out.stdout.splitlines()[0].strip()
    archer = f"/usr/lib/llvm-{LLVM_VERSION}/lib/libarcher.so"
    symbolizer = shutil.which(f"llvm-symbolizer-{LLVM_VERSION}") or shutil.which("llvm-symbolizer")
    return Toolchain(
        cc=cc,
        cxx=cxx,
        symbolizer=symbolizer,
        archer=archer if os.path.exists(archer) else None,
        version=version,
    )


@functools.lru_cache(maxsize=4)
def verify_archer(toolchain: Toolchain) -> str:
    """Proves that libomp loads Archer into a TSan build; returns Archer's banner or raises ToolchainError.

    Without Archer, TSan cannot see OpenMP's synchronisation and reports false races on most race-free programs,
    so the sandbox refuses to label anything when this check fails.
    """
    if toolchain.archer is None:
        raise ToolchainError(
            f"Archer (libarcher.so) is missing: install libomp-{LLVM_VERSION}-dev (sandbox/install-toolchain.sh). "
            "Note that installing another libomp-N-dev removes it."
        )
    with tempfile.TemporaryDirectory(prefix="pcwm-archer-") as tmp:
        src = Path(tmp, "probe.c")
        src.write_text(_ARCHER_PROBE)
        exe = Path(tmp, "probe")
        comp = subprocess.run(
            [toolchain.cc, *TSAN_FLAGS, str(src), "-o", str(exe)], capture_output=True, text=True, check=False
        )
        if comp.returncode != 0:
            raise ToolchainError(f"cannot build a TSan+OpenMP probe: {comp.stderr.strip()[:2000]}")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "ARCHER_OPTIONS": "verbose=1",
            "TSAN_OPTIONS": "ignore_noninstrumented_modules=1 atexit_sleep_ms=0",
            "OMP_NUM_THREADS": "2",
        }
        run = subprocess.run([str(exe)], capture_output=True, text=True, env=env, timeout=60, check=False)
    banner = next((ln for ln in (run.stdout + run.stderr).splitlines() if "Archer detected" in ln), None)
    if banner is None:
        raise ToolchainError(
            "Archer is installed but was not loaded into a TSan build (no 'Archer detected' banner); "
            f"probe exit {run.returncode}, output: {(run.stdout + run.stderr).strip()[:500]}"
        )
    return banner.strip()
