"""Option parsers and choices shared by several command groups."""

from __future__ import annotations

from enum import Enum

import typer


class Tool(str, Enum):
    """What a world model predicts, or the sandbox measures: ThreadSanitizer races or OpenMP work %."""

    tsan = "tsan"
    workpct = "workpct"


class ProfilerBackend(str, Enum):
    """Who measures work %: pcwm's OMPT profiler, LLNL Caliper, or Caliper when installed else OMPT."""

    auto = "auto"
    ompt = "ompt"
    caliper = "caliper"


class WorkpctValue(str, Enum):
    """The work-% number shown: the wall-clock median, or the host-independent estimate."""

    median = "median"
    estimate = "estimate"


def parse_threads(text: str) -> tuple[int, ...]:
    """'4,8,2' -> (4, 8, 2), with a clear error for anything else."""
    try:
        out = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise typer.BadParameter(f"--threads takes comma-separated positive integers, got {text!r}") from None
    if not out or any(t < 1 for t in out):
        raise typer.BadParameter(f"--threads takes comma-separated positive integers, got {text!r}")
    return out
