"""Typed configuration: one dataclass per YAML kind, unknown keys are an error, precedence default < YAML < CLI.

`load_config(path, Kind, overrides)` reads a YAML file into the dataclass `Kind` (nested dataclasses for sections),
checking every key and value type and naming the offending key path in the error. Overrides come from the command
line as dotted paths (`sandbox.threads=[4,8]`, values parsed as YAML).

No hostnames, tokens or cluster paths live in YAML: a model endpoint is named by the environment variables that hold
its URL and key (`base_url_env`, `api_key_env`), read when the model is loaded.

Kinds defined here: `GenerateRecipe` (recipes/generate/*.yaml).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml

T = TypeVar("T")


class ConfigError(ValueError):
    """A YAML file or override does not fit its dataclass (unknown key, wrong type, bad value)."""


# ---------------------------------------------------------------- generic loader


def from_dict(cls: type[T], data: Any, where: str = "") -> T:
    """Builds dataclass `cls` from a mapping, recursively; every error names the key path."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where or 'config'}: expected a mapping for {cls.__name__}, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(
            f"{_join(where, unknown[0])}: unknown key (known keys of {where or cls.__name__}: {', '.join(known)})"
        )
    kwargs = {name: _convert(hints[name], value, _join(where, name)) for name, value in data.items()}
    try:
        return cls(**kwargs)
    except ConfigError:
        raise
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where or cls.__name__}: {exc}") from exc


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else str(key)


def _convert(tp: Any, value: Any, where: str) -> Any:  # noqa: C901 - one branch per kind of type
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for a in args:
            if a is type(None):
                continue
            try:
                return _convert(a, value, where)
            except ConfigError as exc:
                errors.append(str(exc))
        raise ConfigError(errors[0] if len(errors) == 1 else f"{where}: {value!r} fits none of {args}")
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"{where}: {value!r} is not one of {', '.join(map(repr, args))}")
        return value
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value, where)
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        item = args[0] if args else Any
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {value!r}")
        vt = args[1] if len(args) == 2 else Any
        return {k: _convert(vt, v, _join(where, str(k))) for k, v in value.items()}
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true/false, got {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {value!r}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {value!r}")
        return value
    return value


def to_dict(obj: Any) -> Any:
    return dataclasses.asdict(obj)


def parse_override(text: str) -> tuple[str, Any]:
    """`a.b=VALUE` -> ("a.b", yaml value)."""
    if "=" not in text:
        raise ConfigError(f"override {text!r}: expected KEY=VALUE (e.g. sandbox.threads=[4,8])")
    key, raw = text.split("=", 1)
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        raise ConfigError(f"override {text!r}: value is not valid YAML: {exc}") from exc
    return key.strip(), value


def apply_overrides(data: dict, overrides: dict[str, Any]) -> dict:
    """Sets dotted keys in a nested mapping (a copy); later overrides win."""
    out = yaml.safe_load(yaml.safe_dump(data)) or {}
    for key, value in overrides.items():
        node = out
        parts = key.split(".")
        for p in parts[:-1]:
            nxt = node.setdefault(p, {})
            if not isinstance(nxt, dict):
                raise ConfigError(f"override {key}: {p} is not a section")
            node = nxt
        node[parts[-1]] = value
    return out


def load_config(path: str | Path, cls: type[T], overrides: dict[str, Any] | None = None) -> T:
    """Reads YAML `path` into `cls`, applying dotted `overrides` (CLI) on top; errors name the file and key."""
    from pcwm.resources import resolve_path

    p = resolve_path(path)
    try:
        data = yaml.safe_load(p.read_text()) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read {p}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p}: not valid YAML: {exc}") from exc
    if overrides:
        data = apply_overrides(data, overrides)
    try:
        return from_dict(cls, data)
    except ConfigError as exc:
        raise ConfigError(f"{p}: {exc}") from None


# ---------------------------------------------------------------- generate recipes


Provider = Literal["openai", "vllm_server", "vllm", "transformers", "tiny"]


@dataclass
class ModelSpec:
    """One LLM. `provider` picks the client (pcwm.models.llms); endpoints and keys come from the env vars it names."""

    provider: Provider
    model: str = ""  # model id or path; for "tiny": ignored (pcwm.models.tiny builds it)
    base_url_env: str | None = None  # openai / vllm_server: env var holding the endpoint URL
    api_key_env: str | None = None  # env var holding the key (unset env var -> "EMPTY", fine for vllm serve)
    tokenizer: str | None = None  # vllm_server (completions API): tokenizer id/path for the chat template
    generation: dict[str, Any] = field(default_factory=dict)  # temperature, top_p, max_new_tokens, ...
    batch_size: int = 8  # rows per batch sent to this model's step
    replicas: int = 1  # step replicas (local processes or Ray actors)
    gpus: int | None = None  # GPUs per replica (Ray / vllm)
    torch_threads: int | None = None  # transformers/tiny: torch threads per process (1 in tests)
    engine_kwargs: dict[str, Any] = field(default_factory=dict)  # vllm: vllm.LLM(**kwargs); openai: timeout, ...
    response_cache: bool = True  # reuse responses to identical requests ($PCWM_CACHE_DIR/llm)

    def __post_init__(self):
        if self.provider != "tiny" and not self.model:
            raise ValueError(f"provider {self.provider} needs a model")
        if self.provider in ("openai", "vllm_server") and not self.base_url_env:
            raise ValueError(f"provider {self.provider} needs base_url_env (the env var holding the endpoint URL)")
        if self.batch_size < 1 or self.replicas < 1:
            raise ValueError("batch_size and replicas must be >= 1")


@dataclass
class ProblemsSection:
    """Which seed problems to start from and how many LLM variants to make of each."""

    seeds_dir: str | None = None  # None: the bank shipped with pcwm
    domains: list[str] = field(default_factory=list)  # empty: all
    ids: list[str] = field(default_factory=list)  # seed ids (domain/name); empty: all
    limit: int | None = None  # at most this many seeds, after filtering (sorted by id)
    variants: int = 0  # LLM variants per seed (paper: 20); 0: the seeds themselves are the problems
    include_seed: bool = False  # with variants > 0, keep the seed problem too
    variants_model: str | None = None  # key into `models`


@dataclass
class HarnessSection:
    source: Literal["seed", "llm"] = "seed"  # llm: generate a harness + reference per problem, then validate it
    model: str | None = None
    validate_threads: int = 4


@dataclass
class MutationsSection:
    enabled: bool = False
    operators: list[str] = field(default_factory=list)  # empty: all (race-injecting and harmless rewrites)
    max_per_impl: int = 2  # sites per implementation and operator


@dataclass
class CandidatesSection:
    """Candidate implementations: from a zoo of LLMs (one step per model) and/or the offline engine."""

    models: list[str] = field(default_factory=list)  # keys into `models`
    # The paper: 4 implementations per problem, distinct in strategy, written in one response by one model of the
    # zoo (each problem goes to one model, chosen by a seeded hash of its id, so the zoo shares the problems).
    per_problem: int = 4
    # An option: every model of the zoo writes this many per problem (len(models) x per_model candidates).
    per_model: int | None = None
    assign_seed: int = 0  # seed of the problem -> model assignment
    seed_impls: bool = False  # also the seed's own implementations (only for seed problems)
    mutations: MutationsSection = field(default_factory=MutationsSection)

    def __post_init__(self):
        if self.per_problem < 1 or (self.per_model is not None and self.per_model < 1):
            raise ValueError("candidates.per_problem and candidates.per_model must be >= 1")


@dataclass
class ProfileSection:
    threads: list[int] = field(default_factory=lambda: [4, 16, 64, 128])
    repeats: int = 3
    backend: Literal["ompt", "caliper", "auto"] = "auto"
    value: Literal["median", "estimate"] = "median"


@dataclass
class SandboxSection:
    tool: Literal["tsan", "workpct"] = "tsan"
    threads: list[int] = field(default_factory=lambda: [4, 8, 2])
    runs: int = 1
    timeout_s: float = 30.0
    stop_on_race: bool = False
    jobs: int = 0  # worker threads per Sandbox replica; 0: all cores
    batch_size: int = 16
    replicas: int = 1
    profile: ProfileSection = field(default_factory=ProfileSection)


@dataclass
class PairsSection:
    """Caliper pairs: distinct pairs of candidates of one problem, drawn at random (seeded) from all its candidates
    measured under the same conditions."""

    per_problem: int = 6
    seed: int = 0


# hindsight: the paper's CoT; no_hindsight: the paper's ablation (CoT written without the outcome, kept as is);
# no_hindsight_filtered: no-hindsight CoTs kept only when the teacher predicted the outcome (not in the paper);
# both: hindsight + no_hindsight.
COT_MODES = {"hindsight": ["hindsight"], "no_hindsight": ["no_hindsight"],
             "no_hindsight_filtered": ["no_hindsight_filtered"], "both": ["hindsight", "no_hindsight"], "none": []}


@dataclass
class CoTSection:
    mode: Literal["hindsight", "no_hindsight", "no_hindsight_filtered", "both", "none"] = "hindsight"
    model: str | None = None
    num_generations: int = 1
    prompt: str | None = None  # template path; None: the shipped one for the tool and mode


@dataclass
class OutputSection:
    dir: str | None = None  # None: data/generated/<name>
    push_to_hub: str | None = None  # repo id, e.g. pcwm/tsan-raw
    private: bool = True


@dataclass
class RunSection:
    engine: Literal["local", "ray"] = "local"
    batch_size: int = 16  # rows per batch from the loader
    use_cache: bool = True  # resume from distilabel's cache
    cache_dir: str | None = None  # None: $DISTILABEL_CACHE_DIR or distilabel's default
    ray_address_env: str = "RAY_ADDRESS"


@dataclass
class GenerateRecipe:
    """recipes/generate/<name>.yaml: a data-generation pipeline and everything it needs."""

    name: str
    pipeline: Literal["tsan", "caliper", "offline"]
    description: str = ""
    models: dict[str, ModelSpec] = field(default_factory=dict)
    problems: ProblemsSection = field(default_factory=ProblemsSection)
    harness: HarnessSection = field(default_factory=HarnessSection)
    candidates: CandidatesSection = field(default_factory=CandidatesSection)
    sandbox: SandboxSection = field(default_factory=SandboxSection)
    pairs: PairsSection = field(default_factory=PairsSection)
    cot: CoTSection = field(default_factory=CoTSection)
    output: OutputSection = field(default_factory=OutputSection)
    run: RunSection = field(default_factory=RunSection)

    def __post_init__(self):
        if self.pipeline == "offline" and (self.candidates.models or self.problems.variants
                                           or self.harness.source == "llm"):
            raise ConfigError("pipeline offline uses no LLM: candidates.models, problems.variants and an llm "
                              "harness are not allowed")
        refs = {
            "problems.variants_model": self.problems.variants_model if self.problems.variants > 0 else None,
            "harness.model": self.harness.model if self.harness.source == "llm" else None,
            "cot.model": self.cot.model if self.cot.mode != "none" and self.pipeline != "offline" else None,
        }
        refs.update({f"candidates.models[{i}]": m for i, m in enumerate(self.candidates.models)})
        for where, name in refs.items():
            if name is not None and name not in self.models:
                raise ConfigError(f"{where}: model {name!r} is not defined under models ({', '.join(self.models)})")
        needs = {
            "problems.variants_model": self.problems.variants > 0,
            "harness.model": self.harness.source == "llm",
            "cot.model": self.cot.mode != "none" and self.pipeline != "offline",
        }
        for where, needed in needs.items():
            if needed and refs[where] is None:
                raise ConfigError(f"{where}: required by this recipe")
        if self.harness.source == "seed" and self.problems.variants > 0:
            raise ConfigError("harness.source: 'seed' only fits seed problems; with problems.variants > 0 use 'llm'")
        if self.pipeline == "caliper" and self.cot.mode not in ("hindsight", "none"):
            raise ConfigError("cot.mode: the caliper pipeline makes pair CoTs with hindsight; use hindsight or none")
        if self.pipeline == "caliper" and self.sandbox.tool != "workpct":
            raise ConfigError("sandbox.tool: the caliper pipeline needs workpct")
        if self.pipeline != "offline" and not (
            self.candidates.models or self.candidates.seed_impls or self.candidates.mutations.enabled
        ):
            raise ConfigError("candidates: give models, seed_impls: true or mutations.enabled: true")

    @property
    def output_dir(self) -> Path:
        return Path(self.output.dir or f"data/generated/{self.name}")


def load_recipe(path: str | Path, overrides: dict[str, Any] | None = None) -> GenerateRecipe:
    return load_config(path, GenerateRecipe, overrides)
