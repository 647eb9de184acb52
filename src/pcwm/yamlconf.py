"""The one YAML loader: every YAML file pcwm reads (recipes, eval suites, dataset cards, seed specs, reported
numbers) is parsed into a pydantic model derived from `Strict`.

`Strict` forbids unknown keys and validates types, so a typo (`temprature: 0.6`) is an error naming the file and
the key path, never a silently ignored setting. Closed sets of choices are `Literal[...]` fields. Errors are
`ConfigError` (a usage error: exit code 2) with one line per problem, e.g.
`recipes/generate/x.yaml: sandbox.threads.0: Input should be a valid integer`.

Overrides from the command line are dotted paths with YAML values (`sandbox.threads=[4,8]`); they are applied to
the raw mapping before validation, so they are checked exactly like the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pcwm.errors import UsageError

M = TypeVar("M", bound=BaseModel)


class ConfigError(UsageError):
    """A YAML file or override does not fit its schema (unknown key, wrong type, bad value, unreadable file)."""


class Strict(BaseModel):
    """Base of every YAML schema: unknown keys are errors; values are validated on assignment too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)


def read_yaml(path: str | Path) -> Any:
    """The parsed document of `path` (None for an empty file), with a ConfigError naming the file on failure."""
    path = Path(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None


def validate(model: type[M], data: Any, where: str) -> M:
    """`model` built from `data`; every problem is reported as `where: key.path: message`."""
    try:
        return model.model_validate({} if data is None else data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, where)) from None


def load_yaml(path: str | Path, model: type[M], overrides: Iterable[str] = ()) -> M:
    """Reads `path`, applies `overrides` (`a.b=value`, value parsed as YAML) and validates it as `model`."""
    data = read_yaml(path)
    if data is None:
        data = {}
    for text in overrides:
        data = apply_override(data, text)
    return validate(model, data, str(path))


def parse_override(text: str) -> tuple[str, Any]:
    """`dotted.key=yaml-value` -> ("dotted.key", the value parsed as YAML; an empty value is null); a ConfigError
    for anything else."""
    if "=" not in text:
        raise ConfigError(f"override {text!r}: expected key.path=value (KEY=VALUE, e.g. sandbox.threads=[4,8])")
    key, _, raw = text.partition("=")
    key = ".".join(p for p in key.strip().split(".") if p)
    if not key:
        raise ConfigError(f"override {text!r}: empty key")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        raise ConfigError(f"override {text!r}: value is not valid YAML: {exc}") from None
    return key, value


def apply_override(data: Any, text: str) -> dict:
    """`data` with one `dotted.key=yaml-value` override applied (a copy; intermediate mappings are created)."""
    key, value = parse_override(text)
    return set_dotted(data, key, value, where=f"override {text!r}")


def set_dotted(data: Any, key: str, value: Any, where: str = "") -> dict:
    """`data` (a copy) with `value` at the dotted `key`; intermediate mappings are created (copied, never shared)."""
    where = where or f"override {key!r}"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the document is not a mapping")
    parts = key.split(".")
    out = dict(data)
    node = out
    for i, part in enumerate(parts[:-1]):
        child = node.get(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"{where}: {'.'.join(parts[:i + 1])} is not a mapping")
        node[part] = dict(child)
        node = node[part]
    node[parts[-1]] = value
    return out


def format_validation_error(exc: ValidationError, where: str) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "missing":
            msg = "missing required key"
        elif err["type"] == "value_error" and "error" in err.get("ctx", {}):
            msg = str(err["ctx"]["error"])  # a model's own check: its message, which names the keys it is about
            if not loc:
                lines.append(f"{where}: {msg}")
                continue
        lines.append(f"{where}: {loc or '(top level)'}: {msg}")
    return "\n".join(lines)
