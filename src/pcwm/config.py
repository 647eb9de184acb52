"""Generate recipes (recipes/generate/*.yaml) as typed `pcwm.yamlconf.Strict` models: precedence default < YAML < CLI.

`load_recipe(path, overrides)` reads a recipe into `GenerateRecipe` (one `Strict` model per section): an unknown key,
a wrong type or a value outside a `Literal` is a `ConfigError` naming the file and the key path, e.g.
`recipes/generate/x.yaml: sandbox.treads: unknown key`. Overrides come from the command line as dotted paths
(`sandbox.threads=[4,8]`, values parsed as YAML), either as `key=value` strings or as an already parsed mapping.

No hostnames, tokens or cluster paths live in YAML: a model endpoint is named by the environment variables that hold
its URL and key (`base_url_env`, `api_key_env`), read when the model is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from pcwm.resources import resolve_path
from pcwm.yamlconf import ConfigError, Strict, parse_override, read_yaml, set_dotted, validate

__all__ = ["COT_MODES", "ConfigError", "GenerateRecipe", "ModelSpec", "load_recipe", "parse_override"]


# ---------------------------------------------------------------- generate recipes


Provider = Literal["openai", "vllm_server", "vllm", "transformers", "tiny"]


class ModelSpec(Strict):
    """One LLM. `provider` picks the client (pcwm.models.llms); endpoints and keys come from the env vars it names."""

    provider: Provider
    model: str = ""  # model id or path; for "tiny": ignored (pcwm.models.tiny builds it)
    base_url_env: str | None = None  # openai / vllm_server: env var holding the endpoint URL
    api_key_env: str | None = None  # env var holding the key (unset env var -> "EMPTY", fine for vllm serve)
    tokenizer: str | None = None  # vllm_server (completions API): tokenizer id/path for the chat template
    generation: dict[str, Any] = Field(default_factory=dict)  # temperature, top_p, max_new_tokens, ...
    batch_size: int = Field(8, ge=1)  # rows per batch sent to this model's step
    replicas: int = Field(1, ge=1)  # step replicas (local processes or Ray actors)
    gpus: int | None = None  # GPUs per replica (Ray / vllm)
    torch_threads: int | None = None  # transformers/tiny: torch threads per process (1 in tests)
    engine_kwargs: dict[str, Any] = Field(default_factory=dict)  # vllm: vllm.LLM(**kwargs); openai: timeout, ...
    response_cache: bool = True  # reuse responses to identical requests (pcwm.paths.llm_cache())

    @model_validator(mode="after")
    def _needs(self) -> ModelSpec:
        if self.provider != "tiny" and not self.model:
            raise ValueError(f"provider {self.provider} needs a model")
        if self.provider in ("openai", "vllm_server") and not self.base_url_env:
            raise ValueError(f"provider {self.provider} needs base_url_env (the env var holding the endpoint URL)")
        return self


class ProblemsSection(Strict):
    """Which seed problems to start from and how many LLM variants to make of each."""

    seeds_dir: str | None = None  # None: the bank shipped with pcwm
    domains: list[str] = Field(default_factory=list)  # empty: all
    ids: list[str] = Field(default_factory=list)  # seed ids (domain/name); empty: all
    limit: int | None = None  # at most this many seeds, after filtering (sorted by id)
    variants: int = 0  # LLM variants per seed (paper: 20); 0: the seeds themselves are the problems
    include_seed: bool = False  # with variants > 0, keep the seed problem too
    variants_model: str | None = None  # key into `models`


class HarnessSection(Strict):
    source: Literal["seed", "llm"] = "seed"  # llm: generate a harness + reference per problem, then validate it
    model: str | None = None
    validate_threads: int = 4


class MutationsSection(Strict):
    enabled: bool = False
    operators: list[str] = Field(default_factory=list)  # empty: all (race-injecting and harmless rewrites)
    max_per_impl: int = 2  # sites per implementation and operator


class CandidatesSection(Strict):
    """Candidate implementations: from a zoo of LLMs (one step per model) and/or the offline engine."""

    models: list[str] = Field(default_factory=list)  # keys into `models`
    # The paper: 4 implementations per problem, distinct in strategy, written in one response by one model of the
    # zoo (each problem goes to one model, chosen by a seeded hash of its id, so the zoo shares the problems).
    per_problem: int = Field(4, ge=1)
    # An option: every model of the zoo writes this many per problem (len(models) x per_model candidates).
    per_model: int | None = Field(None, ge=1)
    assign_seed: int = 0  # seed of the problem -> model assignment
    seed_impls: bool = False  # also the seed's own implementations (only for seed problems)
    mutations: MutationsSection = Field(default_factory=MutationsSection)


class ProfileSection(Strict):
    threads: list[int] = Field(default_factory=lambda: [4, 16, 64, 128])
    repeats: int = 3
    backend: Literal["ompt", "caliper", "auto"] = "auto"
    value: Literal["median", "estimate"] = "median"


class SandboxSection(Strict):
    tool: Literal["tsan", "workpct"] = "tsan"
    threads: list[int] = Field(default_factory=lambda: [4, 8, 2])
    runs: int = 1
    timeout_s: float = 30.0
    stop_on_race: bool = False
    jobs: int = 0  # worker threads per Sandbox replica; 0: all cores
    batch_size: int = 16
    replicas: int = 1
    profile: ProfileSection = Field(default_factory=ProfileSection)


class PairsSection(Strict):
    """Caliper pairs: distinct pairs of candidates of one problem, drawn at random (seeded) from all its candidates
    measured under the same conditions."""

    per_problem: int = 6
    seed: int = 0


# hindsight: the paper's CoT; no_hindsight: the paper's ablation (CoT written without the outcome, kept as is);
# no_hindsight_filtered: no-hindsight CoTs kept only when the teacher predicted the outcome (not in the paper);
# both: hindsight + no_hindsight.
CotMode = Literal["hindsight", "no_hindsight", "no_hindsight_filtered", "both", "none"]
COT_MODES = {"hindsight": ["hindsight"], "no_hindsight": ["no_hindsight"],
             "no_hindsight_filtered": ["no_hindsight_filtered"], "both": ["hindsight", "no_hindsight"], "none": []}


class CoTSection(Strict):
    mode: CotMode = "hindsight"
    model: str | None = None
    num_generations: int = 1
    prompt: str | None = None  # template path; None: the shipped one for the tool and mode


class OutputSection(Strict):
    dir: str | None = None  # None: data/generated/<name>
    push_to_hub: str | None = None  # repo id, e.g. pcwm/tsan-raw
    private: bool = True


class RunSection(Strict):
    engine: Literal["local", "ray"] = "local"
    batch_size: int = 16  # rows per batch from the loader
    use_cache: bool = True  # resume from distilabel's cache
    cache_dir: str | None = None  # None: $DISTILABEL_CACHE_DIR or distilabel's default
    ray_address_env: str = "RAY_ADDRESS"


class GenerateRecipe(Strict):
    """recipes/generate/<name>.yaml: a data-generation pipeline and everything it needs."""

    name: str
    pipeline: Literal["tsan", "caliper", "offline"]
    description: str = ""
    models: dict[str, ModelSpec] = Field(default_factory=dict)
    problems: ProblemsSection = Field(default_factory=ProblemsSection)
    harness: HarnessSection = Field(default_factory=HarnessSection)
    candidates: CandidatesSection = Field(default_factory=CandidatesSection)
    sandbox: SandboxSection = Field(default_factory=SandboxSection)
    pairs: PairsSection = Field(default_factory=PairsSection)
    cot: CoTSection = Field(default_factory=CoTSection)
    output: OutputSection = Field(default_factory=OutputSection)
    run: RunSection = Field(default_factory=RunSection)

    @model_validator(mode="after")
    def _consistent(self) -> GenerateRecipe:
        if problem := recipe_problem(self):
            raise ValueError(problem)
        return self

    @property
    def output_dir(self) -> Path:
        return Path(self.output.dir or f"data/generated/{self.name}")


def recipe_problem(r: GenerateRecipe) -> str | None:
    """The first rule across sections that `r` breaks (as `key.path: problem`), or None."""
    if r.pipeline == "offline" and (r.candidates.models or r.problems.variants or r.harness.source == "llm"):
        return ("pipeline offline uses no LLM: candidates.models, problems.variants and an llm harness are not "
                "allowed")
    cot_needed = r.cot.mode != "none" and r.pipeline != "offline"
    needs = {"problems.variants_model": (r.problems.variants > 0, r.problems.variants_model),
             "harness.model": (r.harness.source == "llm", r.harness.model),
             "cot.model": (cot_needed, r.cot.model)}
    refs = {where: name for where, (needed, name) in needs.items() if needed}
    refs.update({f"candidates.models[{i}]": m for i, m in enumerate(r.candidates.models)})
    for where, name in refs.items():
        if name is not None and name not in r.models:
            return f"{where}: model {name!r} is not defined under models ({', '.join(r.models)})"
    for where, name in refs.items():
        if name is None:
            return f"{where}: required by this recipe"
    if r.harness.source == "seed" and r.problems.variants > 0:
        return "harness.source: 'seed' only fits seed problems; with problems.variants > 0 use 'llm'"
    if r.pipeline == "caliper" and r.cot.mode not in ("hindsight", "none"):
        return "cot.mode: the caliper pipeline makes pair CoTs with hindsight; use hindsight or none"
    if r.pipeline == "caliper" and r.sandbox.tool != "workpct":
        return "sandbox.tool: the caliper pipeline needs workpct"
    if r.pipeline != "offline" and not (r.candidates.models or r.candidates.seed_impls
                                        or r.candidates.mutations.enabled):
        return "candidates: give models, seed_impls: true or mutations.enabled: true"
    return None


def load_recipe(path: str | Path, overrides: Mapping[str, Any] | Iterable[str] | None = None) -> GenerateRecipe:
    """Reads recipe `path` (a shipped `recipes/...` path works after `pip install` too) with CLI `overrides` on top:
    a mapping of dotted keys to values, or `key=value` strings (values parsed as YAML)."""
    p = resolve_path(path)
    data = read_yaml(p)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: expected a mapping of recipe keys, got {type(data).__name__}")
    if isinstance(overrides, Mapping):
        for key, value in overrides.items():
            data = set_dotted(data, key, value)
    else:
        for text in overrides or ():
            data = set_dotted(data, *parse_override(text))
    return validate(GenerateRecipe, data, str(p))
