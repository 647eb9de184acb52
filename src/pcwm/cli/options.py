"""Option parsers and choices shared by several command groups."""

from __future__ import annotations

import typer


def ray_option():
    """`--ray ADDRESS` (default $RAY_ADDRESS) of the batch commands whose sandbox work can run on a Ray cluster."""
    return typer.Option(
        None, "--ray", envvar="RAY_ADDRESS", show_envvar=True,
        help="Run the TSan sandbox work on the Ray cluster at ADDRESS (host:port, 'auto', or 'local' for a new "
             "one-machine cluster): one task per program, results as a local run; unset: on this machine.",
    )


def parse_threads(text: str) -> tuple[int, ...]:
    """'4,8,2' -> (4, 8, 2), with a clear error for anything else."""
    try:
        out = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise typer.BadParameter(f"--threads takes comma-separated positive integers, got {text!r}") from None
    if not out or any(t < 1 for t in out):
        raise typer.BadParameter(f"--threads takes comma-separated positive integers, got {text!r}")
    return out
