"""Evaluation suites: one YAML per suite in `eval_suites/`, read into the config model of its kind's task.

A suite YAML names its `kind`; the task registered for that kind (`pcwm.evals.tasks`) owns the schema, a
`pcwm.yamlconf.Strict` model, so every other key must be one of its fields (an unknown key or a value outside a
closed set of choices is an error naming the file and the key). `include: other.yaml` loads the other file first
and deep-merges this one over it, so a variant states only what it changes. Precedence: model default < YAML < CLI.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pcwm.evals.items_hub import ItemsError, parse_ref
from pcwm.evals.tasks import UnknownTask, get_task, kinds
from pcwm.evals.tasks.base import SuiteConfig, Task
from pcwm.resources import resolve_path, resource_dir
from pcwm.yamlconf import ConfigError, read_yaml, validate


class SuiteError(ConfigError):
    """A suite YAML that cannot be used; the message names the file and the problem."""


Suite = SuiteConfig


def suites_dir() -> Path:
    """`$PCWM_EVAL_SUITES`, else the checkout's eval_suites/, else the copy installed with the package."""
    if env := os.environ.get("PCWM_EVAL_SUITES"):
        return Path(env)
    return resource_dir("eval_suites")


def list_suites(root: Path | None = None) -> list[Path]:
    root = root or suites_dir()
    return sorted(root.glob("*.yaml")) if root.is_dir() else []


def resolve_suite_path(name_or_path: str | Path) -> Path:
    p = resolve_path(name_or_path)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return p
    cand = suites_dir() / f"{name_or_path}.yaml"
    if cand.exists():
        return cand
    known = ", ".join(x.stem for x in list_suites()) or "none"
    raise SuiteError(f"no suite {name_or_path!r} (a YAML path or one of: {known})")


def load_suite(name_or_path: str | Path, overrides: dict | None = None) -> Suite:
    """The suite dataclass for a suite name or YAML path, with `overrides` (nested dict) applied last."""
    path = resolve_suite_path(name_or_path)
    raw = _load_with_includes(path, seen=())
    if overrides:
        raw = _merge(raw, overrides)
    raw.setdefault("name", path.stem)
    try:
        task = get_task(raw.get("kind"))
    except UnknownTask:
        raise SuiteError(f"{path}: kind must be one of {', '.join(kinds())}, got {raw.get('kind')!r}") from None
    try:
        suite = validate(task.Config, raw, str(path))
    except ConfigError as exc:
        raise SuiteError(str(exc)) from None
    suite._source_path = str(path)
    return suite


def task_of(suite: Suite) -> Task:
    """The task of a loaded suite (its kind's class, bound to this config)."""
    return get_task(suite.kind)(suite)


def suite_hash(suite: Suite) -> str:
    """A short hash of everything in the suite that changes what is generated or scored."""
    d = suite.model_dump()
    d.pop("items_from", None)  # where the same programs are read from does not change a prompt
    return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:12]


def _load_with_includes(path: Path, seen: tuple[Path, ...]) -> dict:
    if path.resolve() in seen:
        raise SuiteError(f"{path}: include cycle ({' -> '.join(map(str, seen))})")
    try:
        data = read_yaml(path) or {}
    except ConfigError as exc:
        raise SuiteError(str(exc)) from None
    if not isinstance(data, dict):
        raise SuiteError(f"{path}: a suite YAML is a mapping, got {type(data).__name__}")
    inc = data.pop("include", None)
    if inc is None:
        return data
    base = _load_with_includes(path.parent / inc, (*seen, path.resolve()))
    base.pop("name", None)  # a variant is its own suite
    return _merge(base, data)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def validate_suite(suite: Suite) -> list[str]:
    """Problems that would make a run fail later (templates, files, values); empty when the suite is usable."""
    problems = task_of(suite).validate()
    if getattr(suite, "items_from", ""):
        try:
            parse_ref(suite.items_from)
        except ItemsError as exc:
            problems.append(str(exc))
    return problems


def run_needs(suite: Suite, solution_model: str = "") -> list[str]:
    """What a run still needs that the YAML may leave to the command line (empty when it can run)."""
    return task_of(suite).run_needs(solution_model)
