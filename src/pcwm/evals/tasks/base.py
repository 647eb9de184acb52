"""`Task`: what one suite kind owns, and the config pieces several kinds share.

A task class (one per suite `kind`, registered in `pcwm.evals.tasks`) owns everything that differs between kinds:

- its config schema `Config` (a `pcwm.yamlconf.Strict` model; closed choices are `Literal`s) and which of its fields
  name prompt templates (`template_fields`), looked up in the world model's templates, then `evals/tasks/templates/`;
- its run: `run()` writes `items.parquet` (`ITEM_SCHEMA`) and generation rows (`GEN_SCHEMA`) into a `SuiteStore`;
- its metrics: the SQL files `sql` (in `sql_dir`), with the columns that identify an item and a sample;
- what it shows: the leaderboard `table()`, its `plot()`, and the model-card entries `card_entries()`.

Score-side methods are classmethods (scoring a results folder needs only the kind written in its suite.json);
run-side methods are bound to a loaded config: `task = get_task(config.kind)(config)`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, PrivateAttr

from pcwm.evals.tasks import TASK_TEMPLATES
from pcwm.worldmodel.prompts import TEMPLATES, template_path
from pcwm.yamlconf import Strict

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


class Sampling(Strict):
    """Sampling parameters for every prompt of a suite (n samples per prompt are batched)."""

    n: int = 1
    temperature: float = 0.6
    top_p: float = 0.95
    max_tokens: int = 8192
    seed: int = 0


class ProgramSelection(Strict):
    """Which DataRaceBench programs: a subset (clean / excluded: see pcwm.evals.drb), ids, limit (0 = all)."""

    subset: Literal["all", "clean", "excluded", "racy", "racy_clean"] = "all"
    ids: list[int] = Field(default_factory=list)
    limit: int = 0


class TsanSpec(Strict):
    """How the sandbox runs TSan (oracle baseline, oracle feedback, race-fix verification)."""

    threads: list[int] = Field(default_factory=lambda: [4, 8, 2])
    runs: int = 1
    timeout_s: float = 20.0
    opt: str = "-O0"
    jobs: int = 0


class ProfileSpec(Strict):
    """How a ParEval solution is profiled (pcwm.sandbox.profiler) inside ParEval's driver."""

    threads: list[int] = Field(default_factory=lambda: [4, 16, 64, 128])
    repeats: int = 3
    backend: str = "auto"
    timeout_s: float = 300.0
    iterations: int = 3  # timed compute() calls after validation, as ParEval's driver does (it uses 5)
    problem_size: dict[str, str] = Field(default_factory=dict)  # problem -> DRIVER_PROBLEM_SIZE override
    default_problem_size: str = ""  # override for every problem not listed (empty = ParEval's own size)
    value: Literal["median", "estimate"] = "median"  # median: measured work %; estimate: host-independent estimate


class SuiteConfig(Strict):
    """The keys every suite YAML has; a task's `Config` adds its own (and narrows `kind` to its name)."""

    name: str
    kind: str
    description: str = ""
    sampling: Sampling = Field(default_factory=Sampling)
    _source_path: str = PrivateAttr(default="")

    @property
    def source_path(self) -> str:
        """The YAML file the suite was loaded from (relative paths in the suite are relative to it)."""
        return self._source_path


@dataclass
class Table:
    """A leaderboard table: a title, its columns and rows of cells, and a note saying how to read it."""

    title: str
    columns: list[str]
    rows: list[list]
    note: str = ""
    kind: str = "measured"  # measured | reported
    suite: str = ""  # the suite a measured table shows (the Hub dataset's config name)


def pct(v) -> str:
    """A rate as a percentage cell ('-' when missing)."""
    return "-" if v is None else f"{100 * v:.1f}"


def percent(v) -> float | None:
    """A rate as a model-card percentage (two decimals)."""
    return None if v is None else round(100 * float(v), 2)


class Task:
    """One suite kind. Subclass it in one file, set the class attributes, implement `run`, register it."""

    kind: ClassVar[str]
    Config: ClassVar[type[SuiteConfig]]
    description: ClassVar[str] = ""
    template_fields: ClassVar[tuple[str, ...]] = ("prompt_template",)
    template_search: ClassVar[tuple[Path, ...]] = (TEMPLATES, TASK_TEMPLATES)
    sql: ClassVar[tuple[str, ...]] = ()
    sql_dir: ClassVar[Path] = SQL_DIR
    item_key: ClassVar[tuple[str, ...]] = ("item_id",)
    sample_key: ClassVar[tuple[str, ...]] = ("model", "item_id", "sample")
    executes_code: ClassVar[bool] = False  # every run compiles and runs code (else only the oracle baseline does)
    upstream: ClassVar[str] = "dataracebench"  # the benchmark (pcwm.evals.benchmarks.SOURCES) its items come from
    card_task: ClassVar[tuple[str, str]] = ("text-generation", "")  # model-index task type and name
    reported_words: ClassVar[tuple[str, ...]] = ()  # words in a reported table's title that make it this kind's

    def __init__(self, config: SuiteConfig):
        self.config = config

    # ---- config --------------------------------------------------------------------------------------------------
    def samplings(self) -> list[Sampling]:
        """Every sampling block of the config (checked by `validate`)."""
        return [self.config.sampling]

    def validate(self) -> list[str]:
        """Problems that would make a run fail later (templates, files, values); empty when the suite is usable."""
        problems: list[str] = []
        for attr in self.template_fields:
            try:
                template_path(functools.reduce(getattr, attr.split("."), self.config), self.template_search)
            except FileNotFoundError as exc:
                problems.append(str(exc))
        for s in self.samplings():
            if s.n < 1 or s.max_tokens < 1 or not 0 <= s.temperature <= 2 or not 0 < s.top_p <= 1:
                problems.append(f"bad sampling {s!r}")
        return problems + self.check()

    def check(self) -> list[str]:
        """Kind-specific problems (override)."""
        return []

    def run_needs(self, solution_model: str = "") -> list[str]:
        """What a run still needs that the YAML may leave to the command line (empty when it can run)."""
        return []

    def export_rows(self, data_dir=None) -> list[dict] | None:
        """The suite's items as `pcwm eval export` writes them (prompt, labels, source, provenance); None when the
        kind has no fixed list of items."""
        return None

    # ---- run -----------------------------------------------------------------------------------------------------
    def needs_code_execution(self, model_spec: str) -> bool:
        """Whether running `model_spec` on this suite compiles and runs programs (sandboxed, but untrusted code)."""
        return self.executes_code or model_spec == "baseline:oracle"

    def run_extras(self, make_model: Callable[[str], object], *, solution_model: str = "",
                   pairs_from: Path | None = None) -> dict:
        """Keyword arguments of `run` besides the model under test (helper models, reused inputs)."""
        return {}

    def run(self, gen, store, *, data_dir=None, batch: int = 8, on_progress=None, suite_hash: str = "",
            **extras) -> int:
        """Generates and stores every missing sample of `gen`; returns the number of new rows."""
        raise NotImplementedError

    # ---- scores --------------------------------------------------------------------------------------------------
    @classmethod
    def sql_text(cls, metric: str) -> str:
        """The SQL of one metric (a query over the views `items` and `generations`): `sql_dir/<metric>.sql`."""
        return (cls.sql_dir / f"{metric}.sql").read_text()

    @classmethod
    def table(cls, suite: str, scores: dict[str, list[dict]]) -> Table:
        """The leaderboard table of one suite from its metrics' rows."""
        raise NotImplementedError

    @classmethod
    def plot(cls, suite: str, scores: dict[str, list[dict]], out: Path) -> tuple[str, Path | None]:
        """(title, PNG path) of the suite's plot under `out`; (\"\", None) when there is nothing to draw."""
        return "", None

    @classmethod
    def card_entries(cls, scores: dict[str, list[dict]], model: str) -> list[dict]:
        """`huggingface_hub.EvalResult` fields (metric_type, metric_name, metric_value, ...) of `model`'s scores."""
        return []
