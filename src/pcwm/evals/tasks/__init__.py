"""Evaluation tasks: one `Task` class per suite kind (`pcwm.evals.tasks.base`), found by its `kind`.

The built-in kinds are listed in `BUILTIN` (kind -> module:class, imported when first asked for, so loading a
suite does not import every kind's dependencies). A new suite kind is one file with a `Task` subclass plus one line
in `BUILTIN`; code outside pcwm (or a test) calls `register_task(cls)` instead. Nothing else in pcwm switches on
the kind: the suite loader, `pcwm eval run|score|export|publish` and the leaderboard ask the task.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pcwm.evals.tasks.base import Task

TASK_TEMPLATES = Path(__file__).parent / "templates"  # the tasks' own (actor) prompts, after the world model's

# Order matters only for `kind_of_reported_title`: race fixing (scored on DataRaceBench) is tried before it.
BUILTIN = {
    "racefix": "pcwm.evals.tasks.racefix:RaceFixTask",
    "dataracebench": "pcwm.evals.tasks.dataracebench:DataRaceBenchTask",
    "pareval_caliper": "pcwm.evals.tasks.pareval_caliper:ParEvalCaliperTask",
}
_REGISTERED: dict[str, type[Task]] = {}


class UnknownTask(KeyError):
    """A suite kind no task is registered for."""

    def __str__(self) -> str:
        return str(self.args[0])


def register_task(cls: type[Task]) -> type[Task]:
    """Registers a task class under its `kind` (usable as a class decorator); a later registration wins."""
    _REGISTERED[cls.kind] = cls
    return cls


def unregister_task(kind: str) -> None:
    """Forgets a registered task (a built-in kind is imported again when next asked for)."""
    _REGISTERED.pop(kind, None)


def kinds() -> list[str]:
    """Every known suite kind (built-in first)."""
    return [*BUILTIN, *(k for k in _REGISTERED if k not in BUILTIN)]


def get_task(kind: str) -> type[Task]:
    """The task class of a suite kind."""
    if kind in _REGISTERED:
        return _REGISTERED[kind]
    if kind not in BUILTIN:
        raise UnknownTask(f"no suite kind {kind!r} (one of {', '.join(kinds())})")
    module, _, name = BUILTIN[kind].partition(":")
    cls = getattr(importlib.import_module(module), name)
    _REGISTERED[kind] = cls
    return cls


def kind_of_reported_title(title: str) -> str:
    """The suite kind a reported table (src/pcwm/evals/reported.yaml) belongs to, from words in its title."""
    low = title.lower()
    for kind in kinds():
        if any(w in low for w in get_task(kind).reported_words):
            return kind
    return "other"
