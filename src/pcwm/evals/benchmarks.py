"""Locating benchmark data: a local copy when configured, else a cached checkout of the public repo at a pinned commit.

Resolution order for benchmark NAME:
1. `$PCWM_<NAME>_DIR` (e.g. PCWM_DATARACEBENCH_DIR), or an explicit `data_dir` argument;
2. `$PCWM_BENCH_DATA/<folder>` (tests and CI point this at ../shared/data);
3. `<bench cache>/<name>-<commit>/<subdir>`, cloned with git on first use (needs network once). The bench cache is
   `$PCWM_BENCH_CACHE`, else `<pcwm cache>/benchmarks` (`pcwm.paths.benchmarks_cache`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pcwm import paths
from pcwm.errors import PcwmError


@dataclass(frozen=True)
class BenchmarkSource:
    name: str
    repo: str
    commit: str
    subdir: str  # inside the repo
    folder: str  # folder name under $PCWM_BENCH_DATA


DATARACEBENCH = BenchmarkSource(
    name="dataracebench",
    repo="https://github.com/LLNL/dataracebench.git",
    commit="e1bffc57f35f2751afea6c9379b5863e0b2abfd9",
    subdir="micro-benchmarks",
    folder="dataracebench",
)
PAREVAL = BenchmarkSource(
    name="pareval",
    repo="https://github.com/parallelcodefoundry/ParEval.git",
    commit="4c9877fcf3e50ad8ac2d898187122a2d9cfd8e47",
    subdir="",
    folder="pareval",
)
SOURCES = {s.name: s for s in (DATARACEBENCH, PAREVAL)}


class BenchmarkNotFound(PcwmError, RuntimeError):
    """The benchmark is neither configured locally nor cached, and could not be fetched."""


def bench_cache_dir() -> Path:
    """Where fetched benchmarks are kept: `$PCWM_BENCH_CACHE`, else `<pcwm cache>/benchmarks`."""
    return paths.benchmarks_cache()


def locate(name: str, data_dir: str | Path | None = None, *, fetch: bool = True) -> Path:
    """The folder holding benchmark `name`, fetching it at the pinned commit if needed."""
    src = SOURCES[name]
    env_dir = os.environ.get(f"PCWM_{name.upper()}_DIR")
    for cand in (data_dir, env_dir):
        if cand:
            p = Path(cand)
            if not p.is_dir():
                raise BenchmarkNotFound(f"{name}: configured folder {p} does not exist")
            return p
    if bench := os.environ.get("PCWM_BENCH_DATA"):
        p = Path(bench) / src.folder
        if p.is_dir():
            return p
    cached = bench_cache_dir() / f"{name}-{src.commit[:12]}"
    target = cached / src.subdir if src.subdir else cached
    if target.is_dir():
        return target
    if not fetch:
        raise BenchmarkNotFound(f"{name}: not configured and not cached (set PCWM_BENCH_DATA or "
                                f"PCWM_{name.upper()}_DIR)")
    _fetch(src, cached)
    return target


def _fetch(src: BenchmarkSource, dest: Path) -> None:
    """Shallow-fetches one commit of the public repo into `dest` atomically."""
    if not shutil.which("git"):
        raise BenchmarkNotFound(f"{src.name}: git is needed to fetch {src.repo}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=f".{src.name}-") as tmp:
        steps = [
            ["git", "init", "-q", tmp],
            ["git", "-C", tmp, "fetch", "-q", "--depth", "1", src.repo, src.commit],
            ["git", "-C", tmp, "checkout", "-q", "FETCH_HEAD"],
        ]
        for cmd in steps:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
            if res.returncode != 0:
                raise BenchmarkNotFound(
                    f"{src.name}: cannot fetch {src.repo}@{src.commit[:12]} ({res.stderr.strip()[:300]}). "
                    "Offline? Point PCWM_BENCH_DATA at a local copy."
                )
        shutil.rmtree(Path(tmp) / ".git", ignore_errors=True)
        os.replace(tmp, dest)
        os.makedirs(tmp, exist_ok=True)  # let TemporaryDirectory's cleanup find its folder
