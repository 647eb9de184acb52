"""Where pcwm keeps things on disk. Every cache folder is derived from one root so a cluster can share it.

Root: `$PCWM_CACHE_DIR`, else `$XDG_CACHE_HOME/pcwm`, else `~/.cache/pcwm`. On a cluster, point `PCWM_CACHE_DIR` at a
shared file system: sandbox results are content-addressed and written by atomic rename, so nodes can share them.

| Folder | What | Override |
| --- | --- | --- |
| `<root>/sandbox` | sandbox results (TSan runs), one JSON per key | - |
| `<root>/workpct` | work-% profiles (`sandbox.cache.ProfileCache`), one JSON per key | - |
| `<root>/ompt` | our OMPT work-% tool, built per source hash and compiler | - |
| `<root>/jail` | the sandbox's seccomp exec helper, built per source hash and compiler | - |
| `<root>/llm` | distilabel LLM response cache | - |
| `<root>/benchmarks` | fetched benchmark sources (DataRaceBench, ParEval) | `$PCWM_BENCH_CACHE` |
| `<root>/models` | small local models (the tiny test model) | - |
| `<root>/caliper/<commit>` | Caliper built by sandbox/install-caliper.sh | `$PCWM_CALIPER_PREFIX` |
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """$PCWM_CACHE_DIR, else $XDG_CACHE_HOME/pcwm, else ~/.cache/pcwm (read at call time, not import time)."""
    if env := os.environ.get("PCWM_CACHE_DIR"):
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pcwm"


def sandbox_cache() -> Path:
    return cache_root() / "sandbox"


def profile_cache() -> Path:
    return cache_root() / "workpct"


def ompt_tool_cache() -> Path:
    return cache_root() / "ompt"


def jail_cache() -> Path:
    return cache_root() / "jail"


def llm_cache() -> Path:
    return cache_root() / "llm"


def benchmarks_cache() -> Path:
    return Path(os.environ.get("PCWM_BENCH_CACHE") or cache_root() / "benchmarks")


def models_cache() -> Path:
    return cache_root() / "models"


def caliper_prefix(commit: str) -> Path:
    return cache_root() / "caliper" / commit
