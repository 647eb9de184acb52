"""The one registry of model kinds: a spec string `KIND[:TARGET][@REVISION]` -> a model object (`pcwm.models.Model`).

Each kind is one entry of `KINDS`: the factory that builds it, named as `module:attribute` and imported only when a
spec of that kind is made (so `import pcwm.models` stays light, and kinds defined by higher layers, such as the
evaluation baselines, register here without this package importing them). A factory is called as
`factory(target, revision, options)` with the spec's parts and a `ModelOptions`. Adding a kind is one class with such
a factory (a `from_spec` classmethod) and one entry here (or `register_kind` from a plugin).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pcwm.errors import UsageError
from pcwm.models.base import Model
from pcwm.models.tiny import OLD_NAMES, TINY


@dataclass(frozen=True)
class Kind:
    """One model kind: its factory (`module:attr`, dotted attributes allowed), how a spec of it is written, and how
    its spec is read (`target`: whether a name follows `KIND:`; `revision`: whether `@REV` is split off)."""

    factory: str
    usage: str
    target: bool = True
    revision: bool = False


KINDS: dict[str, Kind] = {
    TINY: Kind("pcwm.models.hf:TinyModel.from_spec", "tiny", target=False),
    "hf": Kind("pcwm.models.hf:TransformersModel.from_spec", "hf:PATH_OR_HUB_ID[@REV]", revision=True),
    "openai": Kind("pcwm.models.endpoint:OpenAIModel.from_spec", "openai:MODEL"),
    "vllm": Kind("pcwm.models.vllm_engine:VLLMModel.from_spec", "vllm:HUB_ID_OR_PATH[@REV]", revision=True),
    "llm": Kind("pcwm.models.llms:DistilabelModel.from_spec", "llm:PROVIDER[:MODEL]"),
    "static": Kind("pcwm.static.model:StaticModel.from_spec", "static", target=False),
    "baseline": Kind("pcwm.evals.baselines:make_baseline", "baseline:oracle|always-race|never-race|unchanged|critical"),
}


@dataclass
class ModelOptions:
    """Settings a spec string does not carry; each kind reads those that concern it."""

    name: str = ""  # the model's name in tables (default: the spec)
    threads: int = 0  # torch threads for local models (0: leave as is; tests use 1)
    batch_size: int = 4  # prompts per local generate() call
    base_url_env: str = "OPENAI_BASE_URL"  # endpoints: env var holding the base URL
    api_key_env: str = "OPENAI_API_KEY"  # endpoints: env var holding the key
    tsan: Any = None  # models that run the tools (baseline:oracle): the suite's TsanSpec
    profile: Any = None  # ... and its ProfileSpec


def register_kind(name: str, kind: Kind) -> None:
    """Adds a model kind (a plugin's); an existing kind is never replaced."""
    if name in KINDS:
        raise ValueError(f"model kind {name!r} is already registered ({KINDS[name].factory})")
    KINDS[name] = kind


def known_specs() -> str:
    return ", ".join(k.usage for k in KINDS.values())


def parse_spec(spec: str) -> tuple[str, str, str]:
    """'KIND:TARGET@REV' -> (kind, target, revision); a bare kind such as 'tiny' is (kind, '', '').

    Raises UsageError naming the known kinds for anything else."""
    if spec in OLD_NAMES:
        raise UsageError(f"model spec {spec!r}: the tiny test model is called `{TINY}` now")
    kind, sep, rest = spec.partition(":")
    entry = KINDS.get(kind)
    if entry is None:
        raise UsageError(f"model spec {spec!r}: unknown kind {kind!r}; expected one of {known_specs()}")
    if not entry.target:
        if sep:
            raise UsageError(f"model spec {spec!r}: {kind} takes nothing after it (write `{kind}`)")
        return kind, "", ""
    target, _, rev = rest.partition("@") if entry.revision else (rest, "", "")
    if not target:
        raise UsageError(f"model spec {spec!r}: no model name after {kind}: (expected {entry.usage})")
    return kind, target, rev


def _factory(path: str) -> Callable[..., Model]:
    module, _, attrs = path.partition(":")
    obj: Any = importlib.import_module(module)
    for attr in attrs.split("."):
        obj = getattr(obj, attr)
    return obj


def make_model(spec: str, **options: Any) -> Model:
    """The model object for a spec string; `options` are `ModelOptions` fields. Nothing is loaded yet."""
    kind, target, rev = parse_spec(spec)
    return _factory(KINDS[kind].factory)(target, rev, ModelOptions(**options))
