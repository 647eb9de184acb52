"""Launching training across processes: the `accelerate launch` command line for a recipe (multi-GPU, DeepSpeed)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def accelerate_command(recipe: Path, config: Path, num_processes: int | None = None,
                       overrides: Sequence[str] = ()) -> list[str]:
    """`accelerate launch --config_file CONFIG [--num_processes N] -m pcwm.train.sft --config RECIPE OVERRIDES...`,
    run with this interpreter (so the launched ranks use the same environment)."""
    cmd = [sys.executable, "-m", "accelerate.commands.launch", "--config_file", str(config)]
    if num_processes:
        cmd += ["--num_processes", str(num_processes)]
    return [*cmd, "-m", "pcwm.train.sft", "--config", str(recipe), *overrides]
