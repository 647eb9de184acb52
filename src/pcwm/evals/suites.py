"""Evaluation suites: one YAML per suite in `eval_suites/`, one dataclass per suite kind, variants by `include`.

A suite YAML names its `kind` (dataracebench | pareval_caliper | racefix); every other key must be a field of that
kind's dataclass (unknown keys are an error naming the key). `include: other.yaml` loads the other file first and
deep-merges this one over it, so a variant states only what it changes. Precedence: dataclass default < YAML < CLI.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("dataracebench", "pareval_caliper", "racefix")


class SuiteError(ValueError):
    """A suite YAML that cannot be used; the message names the file and the problem."""


@dataclass
class Sampling:
    """Sampling parameters for every prompt of a suite (n samples per prompt are batched)."""

    n: int = 1
    temperature: float = 0.6
    top_p: float = 0.95
    max_tokens: int = 8192
    seed: int = 0


@dataclass
class ProgramSelection:
    """Which DataRaceBench programs: subset all | clean | excluded | racy | racy_clean; ids; limit (0 = all)."""

    subset: str = "all"
    ids: list[int] = field(default_factory=list)
    limit: int = 0


@dataclass
class TsanSpec:
    """How the sandbox runs TSan (oracle baseline, oracle feedback, race-fix verification)."""

    threads: list[int] = field(default_factory=lambda: [4, 8, 2])
    runs: int = 1
    timeout_s: float = 20.0
    opt: str = "-O0"
    jobs: int = 0


@dataclass
class DataRaceBenchSuite:
    """Intrinsic race prediction on DataRaceBench (paper: 16 samples per program at temperature 0.6)."""

    name: str
    kind: str = "dataracebench"
    description: str = ""
    prompt_template: str = "tsan_predict.j2"
    strip_comments: bool = True  # DRB headers describe the race; comments are blanked, line numbers kept
    sampling: Sampling = field(default_factory=lambda: Sampling(n=16))
    programs: ProgramSelection = field(default_factory=ProgramSelection)
    sandbox: TsanSpec = field(default_factory=TsanSpec)
    items_from: str = ""  # ORG/NAME@TAG: read the programs from this items dataset (pcwm eval export); else git


@dataclass
class SolutionSpec:
    """Where the ParEval solutions come from: a saved file and/or a generator model (kept only if valid)."""

    file: str = ""  # JSONL (problem, solution_id, source[, generator]); relative to the suite YAML
    generator: str = ""  # model spec; empty = use only the file
    samples_per_problem: int = 4
    prompt_template: str = "pareval_solve.j2"
    sampling: Sampling = field(default_factory=lambda: Sampling(n=4, temperature=0.8, max_tokens=2048))


@dataclass
class ProfileSpec:
    """How each solution is profiled (pcwm.sandbox.profiler) inside ParEval's driver."""

    threads: list[int] = field(default_factory=lambda: [4, 16, 64, 128])
    repeats: int = 3
    backend: str = "auto"
    timeout_s: float = 300.0
    iterations: int = 3  # timed compute() calls after validation, as ParEval's driver does (it uses 5)
    problem_size: dict[str, str] = field(default_factory=dict)  # problem -> DRIVER_PROBLEM_SIZE override
    default_problem_size: str = ""  # override for every problem not listed (empty = ParEval's own size)
    value: str = "median"  # median: measured work % (Caliper's); estimate: the profiler's host-independent estimate


@dataclass
class ParEvalCaliperSuite:
    """Work-% ranking of pairs of correct ParEval OpenMP solutions (paper: 4 samples per pair at 0.6)."""

    name: str
    kind: str = "pareval_caliper"
    description: str = ""
    prompt_template: str = "workpct_pair.j2"
    problems: list[str] = field(default_factory=list)  # empty = all 60 OpenMP problems
    solutions: SolutionSpec = field(default_factory=SolutionSpec)
    profile: ProfileSpec = field(default_factory=ProfileSpec)
    max_solutions_per_problem: int = 4
    tie_points: float = 0.5  # |measured gap| below this is a tie: left out of ranking accuracy, counted apart
    gap_buckets: list[float] = field(default_factory=lambda: [10.0, 20.0, 30.0, 40.0])
    sampling: Sampling = field(default_factory=lambda: Sampling(n=4))


@dataclass
class RaceFixSuite:
    """One pass of the race-fixing loop on racy DRB programs, verified by the sandbox."""

    name: str
    kind: str = "racefix"
    description: str = ""
    feedback: list[str] = field(default_factory=lambda: ["none", "self", "oracle", "world_model"])
    world_models: list[str] = field(default_factory=list)  # model specs used for feedback "world_model"
    feedback_template: str = "tsan_predict.j2"
    edit_template: str = "racefix_edit.j2"
    apply_template: str = "racefix_apply.j2"
    strip_comments: bool = True
    require_parallel: bool = False  # also require an OpenMP pragma in the fixed code to count as fixed
    programs: ProgramSelection = field(default_factory=lambda: ProgramSelection(subset="racy_clean"))
    sampling: Sampling = field(default_factory=lambda: Sampling(n=1, max_tokens=4096))
    feedback_sampling: Sampling = field(default_factory=lambda: Sampling(n=1))
    sandbox: TsanSpec = field(default_factory=TsanSpec)
    items_from: str = ""  # ORG/NAME@TAG: read the programs from this items dataset (pcwm eval export); else git


SUITE_CLASSES = {"dataracebench": DataRaceBenchSuite, "pareval_caliper": ParEvalCaliperSuite, "racefix": RaceFixSuite}
Suite = DataRaceBenchSuite | ParEvalCaliperSuite | RaceFixSuite


def suites_dir() -> Path:
    """`$PCWM_EVAL_SUITES`, else the checkout's eval_suites/, else the copy installed with the package."""
    if env := os.environ.get("PCWM_EVAL_SUITES"):
        return Path(env)
    from pcwm.resources import resource_dir

    return resource_dir("eval_suites")


def list_suites(root: Path | None = None) -> list[Path]:
    root = root or suites_dir()
    return sorted(root.glob("*.yaml")) if root.is_dir() else []


def resolve_suite_path(name_or_path: str | Path) -> Path:
    from pcwm.resources import resolve_path

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
    kind = raw.get("kind")
    if kind not in SUITE_CLASSES:
        raise SuiteError(f"{path}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    suite = build(SUITE_CLASSES[kind], raw, where=str(path))
    suite.source_path = str(path)  # type: ignore[attr-defined]
    return suite


def suite_hash(suite: Suite) -> str:
    """A short hash of everything in the suite that changes what is generated or scored."""
    d = dataclasses.asdict(suite)
    d.pop("items_from", None)  # where the same programs are read from does not change a prompt
    return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:12]


def _load_with_includes(path: Path, seen: tuple[Path, ...]) -> dict:
    if path.resolve() in seen:
        raise SuiteError(f"{path}: include cycle ({' -> '.join(map(str, seen))})")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SuiteError(f"{path}: cannot read YAML: {exc}") from None
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


def build(cls, data: dict, where: str):
    """`cls(**data)` recursively for nested dataclasses; unknown keys and wrong types are SuiteErrors."""
    if not isinstance(data, dict):
        raise SuiteError(f"{where}: {cls.__name__} needs a mapping, got {data!r}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise SuiteError(f"{where}: unknown key(s) {', '.join(unknown)} for {cls.__name__} (allowed: "
                         f"{', '.join(sorted(names))})")
    kwargs = {}
    for key, value in data.items():
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            kwargs[key] = build(hint, value, f"{where}: {key}")
        else:
            kwargs[key] = _check_type(hint, value, f"{where}: {key}")
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise SuiteError(f"{where}: {exc}") from None


def _check_type(hint, value, where: str):
    origin = typing.get_origin(hint)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint in (int, float, str, bool):
        if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
            raise SuiteError(f"{where}: expected {hint.__name__}, got {value!r}")
        return value
    if origin is list:
        (item,) = typing.get_args(hint)
        if not isinstance(value, list):
            raise SuiteError(f"{where}: expected a list, got {value!r}")
        return [_check_type(item, v, where) for v in value]
    if origin is dict:
        kt, vt = typing.get_args(hint)
        if not isinstance(value, dict):
            raise SuiteError(f"{where}: expected a mapping, got {value!r}")
        return {_check_type(kt, k, where): _check_type(vt, v, where) for k, v in value.items()}
    return value


def validate_suite(suite: Suite) -> list[str]:
    """Problems that would make a run fail later (templates, files, choices); empty when the suite is usable."""
    from pcwm.evals.tasks import TASK_TEMPLATES
    from pcwm.worldmodel.prompts import TEMPLATES, template_path

    problems: list[str] = []
    templates = {
        "dataracebench": ["prompt_template"],
        "pareval_caliper": ["prompt_template"],
        "racefix": ["feedback_template", "edit_template", "apply_template"],
    }[suite.kind]
    for attr in templates:
        try:
            template_path(getattr(suite, attr), (TEMPLATES, TASK_TEMPLATES))
        except FileNotFoundError as exc:
            problems.append(str(exc))
    if suite.kind in ("dataracebench", "racefix"):
        subsets = ("all", "clean", "excluded", "racy", "racy_clean")
        if suite.programs.subset not in subsets:
            problems.append(f"programs.subset must be one of {', '.join(subsets)}, got {suite.programs.subset!r}")
    if suite.kind == "racefix":
        bad = [f for f in suite.feedback if f not in ("none", "self", "oracle", "world_model")]
        if bad:
            problems.append(f"feedback sources must be none|self|oracle|world_model, got {bad}")
    if suite.kind == "pareval_caliper":
        sol = suite.solutions
        if sol.file and not solutions_file(suite).exists():
            problems.append(f"solutions.file {solutions_file(suite)} does not exist")
        if suite.profile.value not in ("median", "estimate"):
            problems.append(f"profile.value must be median or estimate, got {suite.profile.value!r}")
        if sorted(suite.gap_buckets) != suite.gap_buckets:
            problems.append("gap_buckets must be increasing")
    if getattr(suite, "items_from", ""):
        from pcwm.evals.items_hub import ItemsError, parse_ref

        try:
            parse_ref(suite.items_from)
        except ItemsError as exc:
            problems.append(str(exc))
    for s in _samplings(suite):
        if s.n < 1 or s.max_tokens < 1 or not 0 <= s.temperature <= 2 or not 0 < s.top_p <= 1:
            problems.append(f"bad sampling {s}")
    return problems


def run_needs(suite: Suite, solution_model: str = "") -> list[str]:
    """What a run still needs that the YAML may leave to the command line (empty when it can run)."""
    if suite.kind == "racefix" and "world_model" in suite.feedback and not suite.world_models:
        return ["feedback world_model needs world_models in the YAML or --world-model"]
    if suite.kind == "pareval_caliper" and not (suite.solutions.file or suite.solutions.generator or solution_model):
        return ["solutions need solutions.file, solutions.generator or --solution-model"]
    return []


def _samplings(suite: Suite) -> list[Sampling]:
    out = [suite.sampling]
    if suite.kind == "racefix":
        out.append(suite.feedback_sampling)
    if suite.kind == "pareval_caliper":
        out.append(suite.solutions.sampling)
    return out


def solutions_file(suite: ParEvalCaliperSuite) -> Path:
    p = Path(suite.solutions.file)
    if p.is_absolute() or p.exists():
        return p
    return Path(getattr(suite, "source_path", ".")).parent / p
