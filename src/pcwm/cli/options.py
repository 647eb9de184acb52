"""Option parsers, choices and the default-command group shared by several command groups."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

import typer
from typer.core import TyperGroup

from pcwm.yamlconf import parse_override, set_dotted


class DefaultCommandGroup(TyperGroup):
    """A group with a default command: arguments that do not name one of its commands go to `run`, so
    `pcwm train --recipe x` means `pcwm train run --recipe x` (and `pcwm generate --recipe x` likewise)."""

    default_command = "run"

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def set_option(what: str, example: str):
    """The one override syntax of every command that reads a YAML file: `--set key.path=VALUE`, repeatable."""
    return typer.Option([], "--set", help=f"Override a key of the {what}: --set {example} (the value is YAML; "
                                          "dotted keys reach into sections; repeatable).")


def dotted_overrides(sets: Iterable[str]) -> dict[str, Any]:
    """`["a.b=1", "c=[4,8]"]` -> {"a.b": 1, "c": [4, 8]}; a malformed one is a usage error (ConfigError)."""
    return dict(parse_override(text) for text in sets)


def nested_overrides(overrides: dict[str, Any]) -> dict:
    """{"a.b": 1} -> {"a": {"b": 1}}: dotted overrides for loaders that merge a nested mapping."""
    out: dict = {}
    for key, value in overrides.items():
        out = set_dotted(out, key, value)
    return out


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
