"""Non-LLM baselines (model kind `baseline:NAME` of `pcwm.models`) that answer suite prompts like models do.

- `oracle`: the tool itself. Race prompts (task "tsan"): the sandbox's TSan verdict on the program, rendered with
  `pcwm.worldmodel.outcomes.render_tsan_answer`. Work-% pair prompts (task "workpct_pair"): a fresh profile of both
  solutions (so its ranking agreement measures how reproducible the measurement is), rendered with
  `render_workpct_pair`.
- `always-race` / `never-race`: constant race answers (one race without locations / an empty list).
- `unchanged`: a race-fix actor that proposes no edit and returns the code as it was.
- `critical`: a rule-based race-fix actor: it wraps every single-line statement that the feedback's race locations
  name in `#pragma omp critical` (TSan then sees a lock; the fix need not keep the program's meaning). Without
  located feedback it changes nothing, so it shows how much located feedback helps an actor.
They read what they need from `Prompt.meta` (program path or source, solutions), never from the prompt text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pcwm.errors import UsageError
from pcwm.evals.tasks.base import ProfileSpec, TsanSpec
from pcwm.models import BackendError, ModelBase
from pcwm.worldmodel.outcomes import RegionWork, render_tsan_answer, render_workpct_pair
from pcwm.worldmodel.prompts import Prompt

NAMES = ("oracle", "always-race", "never-race", "unchanged", "critical")


def as_prompt(p: Prompt | str) -> Prompt:
    return p if isinstance(p, Prompt) else Prompt(messages=[{"role": "user", "content": p}])


def _tasks(prompts) -> list[str]:
    return [as_prompt(p).meta.get("task", "") for p in prompts]


@dataclass
class ConstantRaceBaseline(ModelBase):
    """Answers every race prompt with the same verdict."""

    race: bool
    name: str = ""
    revision: str = "baseline"

    def __post_init__(self):
        self.name = self.name or ("baseline:always-race" if self.race else "baseline:never-race")

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        if any(t not in ("tsan", "racefix_feedback") for t in _tasks(prompts)):
            raise BackendError(f"{self.name} only answers race-prediction prompts")
        answer = render_tsan_answer([{"type": "read/write race", "code_locations": []}] if self.race else [])
        return [[answer] * n for _ in prompts]


@dataclass
class UnchangedActor(ModelBase):
    """A race-fix actor that keeps the code: proposes no edit and applies none."""

    name: str = "baseline:unchanged"
    revision: str = "baseline"

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        out = []
        for p in prompts:
            meta = as_prompt(p).meta
            task = meta.get("task")
            if task == "racefix_edit":
                out.append(["No edit."] * n)
            elif task == "racefix_apply":
                out.append([f"```{meta['lang']}\n{meta['source']}```"] * n)
            else:
                out.append([render_tsan_answer([])] * n)
        return out


@dataclass
class CriticalSectionActor(ModelBase):
    """Rule-based race fixer: critical sections around the statements named by the feedback's race locations."""

    name: str = "baseline:critical"
    revision: str = "baseline"

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        out = []
        for p in prompts:
            meta = as_prompt(p).meta
            task = meta.get("task")
            if task == "racefix_edit":
                lines = _feedback_lines(meta.get("feedback", ""))
                out.append([f"Wrap lines {', '.join(map(str, lines))} in #pragma omp critical." if lines
                            else "No edit."] * n)
            elif task == "racefix_apply":
                code = wrap_in_critical(meta["source"], _edit_lines(meta.get("edit", "")))
                out.append([f"```{meta['lang']}\n{code}```"] * n)
            else:
                out.append([render_tsan_answer([])] * n)
        return out


def _feedback_lines(text: str) -> list[int]:
    from pcwm.evals.tasks.dataracebench import parse_prediction

    return parse_prediction(text)["pred_lines"] if text else []


def _edit_lines(text: str) -> list[int]:
    m = re.match(r"Wrap lines ([\d, ]+) in", text)
    return [int(x) for x in m.group(1).split(",")] if m else []


def wrap_in_critical(source: str, lines: list[int]) -> str:
    """`#pragma omp critical` before each named line that is one complete statement (ends with ';')."""
    out = []
    targets = set(lines)
    for no, line in enumerate(source.split("\n"), 1):
        s = line.strip()
        if no in targets and s.endswith(";") and not s.startswith(("#", "for", "while", "if", "return")):
            out.append(line[: len(line) - len(line.lstrip())] + "#pragma omp critical")
        out.append(line)
    return "\n".join(out)


@dataclass
class OracleBaseline(ModelBase):
    """The sandbox as a predictor; `tsan` is a TsanSpec and `profile` a ProfileSpec (suite settings)."""

    tsan: object = None
    profile: object = None
    name: str = "baseline:oracle"
    revision: str = "sandbox"
    _profiles: dict = field(default_factory=dict, repr=False)

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        prompts = [as_prompt(p) for p in prompts]
        tasks = set(_tasks(prompts))
        if tasks <= {"tsan", "racefix_feedback"}:
            return [[a] * n for a in self.tsan_answers(prompts)]
        if tasks == {"workpct_pair"}:
            return [[self._pair_answer(p.meta)] * n for p in prompts]
        raise BackendError(f"{self.name} answers race and work-% prompts, not {sorted(tasks)}")

    def tsan_answers(self, prompts) -> list[str]:
        from pcwm.evals.sandboxing import tsan_results

        results = tsan_results([p.meta for p in prompts], self.tsan)
        answers = []
        for r in results:
            if r.status.value == "sandbox_error":
                raise BackendError(f"oracle: the sandbox failed on {r.path}: {r.error}")
            answers.append(render_tsan_answer(r.outcome_json()))
        return answers

    def _pair_answer(self, meta: dict) -> str:
        from pcwm.evals.pareval import load_problems, profile_solution

        threads = list(self.profile.threads)
        sides = []
        for side in ("a", "b"):
            sol = meta[side]
            key = (sol["problem"], sol["source_hash"])
            if key not in self._profiles:
                problem = load_problems()[sol["problem"]]
                self._profiles[key] = profile_solution(problem, sol["source"], self.profile)
            sides.append(_regions(self._profiles[key], threads, self.profile.value))
        return "<answer>\n" + render_workpct_pair(sides[0], sides[1]) + "\n</answer>"


def _regions(outcome, threads: list[int], value: str) -> list[RegionWork]:
    from pcwm.evals.pareval import CANDIDATE

    out = []
    for r in outcome.regions:
        if r.file not in (CANDIDATE, outcome.program):
            continue
        pct = {}
        for t in threads:
            s = r.by_threads.get(t)
            v = None if s is None else (s.median if value == "median" else s.estimate)
            if v is not None:
                pct[t] = v
        if pct:
            out.append(RegionWork(snippet=r.snippet or f"(region at line {r.line_start})", work_pct=pct))
    return out


def make_baseline(kind: str, revision: str, options) -> ModelBase:
    """The `baseline:KIND` model (`pcwm.models` registry factory); `options.tsan` / `options.profile` configure the
    oracle."""
    name, tsan, profile = options.name, options.tsan, options.profile
    if kind == "oracle":
        return OracleBaseline(tsan=tsan or TsanSpec(), profile=profile or ProfileSpec(), name=name or "baseline:oracle")
    if kind in ("always-race", "never-race"):
        return ConstantRaceBaseline(race=kind == "always-race", name=name)
    if kind == "unchanged":
        return UnchangedActor(name=name or "baseline:unchanged")
    if kind == "critical":
        return CriticalSectionActor(name=name or "baseline:critical")
    raise UsageError(f"unknown baseline {kind!r} (one of {', '.join(NAMES)})")
