"""The racefix task: one pass of the paper's race-fixing loop on racy DataRaceBench programs.

For each program and feedback source: feedback (none | self: the actor's own race prediction | oracle: the sandbox's
TSan report | world_model: a world model's full response, reasoning and answer) -> edit proposal
(actor, `edit_template`) -> apply (actor, `apply_template`, replies with the whole file) -> the sandbox compiles the
new file and runs it under TSan. A program counts as fixed when it compiles and TSan reports no race (and, with
`require_parallel`, it still has an OpenMP pragma).

Generation columns (one row per attempt): run.COMMON_FIELDS (completion = the apply reply; prompt_hash = the edit
prompt's) + feedback, world_model, feedback_text, edit_text, fixed_code, extracted, status, compiles, race_free,
still_parallel, fixed. Items: the same table as the dataracebench suite.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import ClassVar, Literal

import pyarrow as pa
from pydantic import Field

from pcwm.evals import plots
from pcwm.evals.baselines import OracleBaseline
from pcwm.evals.run import COMMON_FIELDS
from pcwm.evals.sandboxing import tsan_results
from pcwm.evals.tasks import TASK_TEMPLATES
from pcwm.evals.tasks.base import ProgramSelection, Sampling, SuiteConfig, Table, Task, TsanSpec
from pcwm.evals.tasks.dataracebench import (
    ITEM_SCHEMA,
    SHOWN_NAME,
    export_rows,
    item_rows,
    program_prompt,
    selected_programs,
)
from pcwm.models import make_model
from pcwm.worldmodel.prompts import TEMPLATES, Prompt, extract_code, user_prompt

GEN_SCHEMA = pa.schema([
    *COMMON_FIELDS,
    pa.field("feedback", pa.string()),
    pa.field("world_model", pa.string()),
    pa.field("feedback_text", pa.string()),
    pa.field("edit_text", pa.string()),
    pa.field("fixed_code", pa.string()),
    pa.field("extracted", pa.bool_()),
    pa.field("status", pa.string()),
    pa.field("compiles", pa.bool_()),
    pa.field("race_free", pa.bool_()),
    pa.field("still_parallel", pa.bool_()),
    pa.field("fixed", pa.bool_()),
])
FEEDBACK_INTRO = "An analysis of this code for data races (ThreadSanitizer's view) says:"
_OMP = re.compile(r"#\s*pragma\s+omp\b")


def feedback_texts(source: str, prompts: list[Prompt], actor, world_model, oracle, sampling) -> list[str]:
    """The feedback each program gets from one source."""
    if source == "none":
        return [""] * len(prompts)
    if source == "oracle":
        return oracle.tsan_answers(prompts)
    model = actor if source == "self" else world_model
    outs = model.generate(prompts, n=1, temperature=sampling.temperature, top_p=sampling.top_p,
                          max_tokens=sampling.max_tokens)
    return [o[0] for o in outs]


def _actor_prompt(template: str, task: str, base: Prompt, **variables) -> Prompt:
    meta = {**base.meta, "task": task, **{k: v for k, v in variables.items() if k in ("feedback", "edit")}}
    lang = meta["lang"]
    return user_prompt(template, meta, search=(TEMPLATES, TASK_TEMPLATES), code=meta["shown_source"].rstrip("\n"),
                       file_name=SHOWN_NAME[lang],
                       lang=lang, **variables)


def attempt_rows(suite, actor, batch: list[Prompt], feedback: list[str], source: str, wm_name: str) -> list[dict]:
    """Edit -> apply -> sandbox for a batch of programs; one row per (program, sample)."""
    s = suite.sampling
    edits = [_actor_prompt(suite.edit_template, "racefix_edit", p, feedback=fb, feedback_intro=FEEDBACK_INTRO)
             for p, fb in zip(batch, feedback, strict=True)]
    edit_outs = actor.generate(edits, n=s.n, temperature=s.temperature, top_p=s.top_p, max_tokens=s.max_tokens)
    attempts = [(p, fb, e, k, text) for p, fb, e, outs in zip(batch, feedback, edits, edit_outs, strict=True)
                for k, text in enumerate(outs)]
    applies = [_actor_prompt(suite.apply_template, "racefix_apply", p, edit=text) for p, _, _, _, text in attempts]
    apply_outs = actor.generate(applies, n=1, temperature=s.temperature, top_p=s.top_p, max_tokens=s.max_tokens)
    codes = [extract_code(o[0], p.meta["lang"]) for (p, *_), o in zip(attempts, apply_outs, strict=True)]
    to_check = [i for i, c in enumerate(codes) if c is not None]
    results = tsan_results([attempts[i][0].meta for i in to_check], suite.sandbox, [codes[i] for i in to_check])
    by_index = dict(zip(to_check, results, strict=True))
    rows = []
    for i, ((p, fb, e, k, edit_text), out) in enumerate(zip(attempts, apply_outs, strict=True)):
        res = by_index.get(i)
        if res is not None and res.status.value == "sandbox_error":
            raise RuntimeError(f"racefix: the sandbox failed on {p.meta['item_id']}: {res.error}")
        status = res.status.value if res is not None else "no_code"
        parallel = bool(codes[i] and _OMP.search(codes[i]))
        race_free = status == "ok"
        rows.append({
            "model": actor.name, "revision": actor.revision, "item_id": p.meta["item_id"], "prompt_hash": e.hash,
            "sample": k, "completion": out[0], "created_at": time.time(), "feedback": source,
            "world_model": wm_name, "feedback_text": fb, "edit_text": edit_text, "fixed_code": codes[i],
            "extracted": codes[i] is not None, "status": status,
            "compiles": res is not None and status != "compile_error", "race_free": race_free,
            "still_parallel": parallel, "fixed": race_free and (parallel or not suite.require_parallel),
        })
    return rows


class RaceFixSuite(SuiteConfig):
    """One pass of the race-fixing loop on racy DRB programs, verified by the sandbox."""

    kind: Literal["racefix"] = "racefix"
    feedback: list[Literal["none", "self", "oracle", "world_model"]] = Field(
        default_factory=lambda: ["none", "self", "oracle", "world_model"])
    world_models: list[str] = Field(default_factory=list)  # model specs used for feedback "world_model"
    feedback_template: str = "tsan_predict.j2"
    edit_template: str = "racefix_edit.j2"
    apply_template: str = "racefix_apply.j2"
    strip_comments: bool = True
    require_parallel: bool = False  # also require an OpenMP pragma in the fixed code to count as fixed
    programs: ProgramSelection = Field(default_factory=lambda: ProgramSelection(subset="racy_clean"))
    sampling: Sampling = Field(default_factory=lambda: Sampling(n=1, max_tokens=4096))
    feedback_sampling: Sampling = Field(default_factory=lambda: Sampling(n=1))
    sandbox: TsanSpec = Field(default_factory=TsanSpec)
    items_from: str = ""  # ORG/NAME@TAG: read the programs from this items dataset (pcwm eval export); else git


FEEDBACK_ORDER = ("none", "self", "oracle")


class RaceFixTask(Task):
    """Race-free % after one fixing pass per actor x feedback source, scored by sql/racefix_rates.sql."""

    kind = "racefix"
    Config = RaceFixSuite
    template_fields = ("feedback_template", "edit_template", "apply_template")
    sql = ("racefix_rates",)
    sample_key = ("model", "item_id", "feedback", "world_model", "sample")
    executes_code = True
    card_task = ("text-generation", "Race fixing with feedback (one pass, TSan-verified)")
    reported_words: ClassVar[tuple[str, ...]] = ("race-fix", "race-free", "race fix")

    def samplings(self) -> list[Sampling]:
        return [self.config.sampling, self.config.feedback_sampling]

    def run_needs(self, solution_model: str = "") -> list[str]:
        if "world_model" in self.config.feedback and not self.config.world_models:
            return ["feedback world_model needs world_models in the YAML or --world-model"]
        return []

    def export_rows(self, data_dir=None) -> list[dict]:
        return export_rows(self.config, self.config.feedback_template, data_dir)

    def run_extras(self, make_model, *, solution_model: str = "", pairs_from: Path | None = None) -> dict:
        return {"world_models": [make_model(s) for s in self.config.world_models]}

    def run(self, gen, store, *, data_dir=None, batch: int = 8, on_progress=None, suite_hash: str = "",
            world_models=None) -> int:
        """Runs every (feedback source, program, sample) not stored yet for actor `gen`; returns new rows."""
        suite = self.config
        programs = selected_programs(suite, data_dir)
        store.write_items(item_rows(programs), ITEM_SCHEMA)
        prompts = [program_prompt(suite.feedback_template, p, suite.strip_comments, task="racefix_feedback")
                   for p in programs]
        wms = world_models if world_models is not None else [make_model(s) for s in suite.world_models]
        sources = [(f, None) for f in suite.feedback if f != "world_model"]
        if "world_model" in suite.feedback:
            sources += [("world_model", wm) for wm in wms]
        oracle = OracleBaseline(tsan=suite.sandbox)
        done = store.done(gen.name, ["item_id", "feedback", "world_model", "sample"])
        written = 0
        for source, wm in sources:
            wm_name = wm.name if wm is not None else ""
            todo = [p for p in prompts
                    if any((p.meta["item_id"], source, wm_name, k) not in done for k in range(suite.sampling.n))]
            if on_progress:
                on_progress(len(prompts) - len(todo))
            for i in range(0, len(todo), batch):
                chunk = todo[i : i + batch]
                fb = feedback_texts(source, chunk, gen, wm, oracle, suite.feedback_sampling)
                rows = attempt_rows(suite, gen, chunk, fb, source, wm_name)
                for r in rows:
                    r.update(suite=store.suite, suite_hash=suite_hash)
                store.append(gen.name, rows, GEN_SCHEMA)
                written += len(rows)
                if on_progress:
                    on_progress(len(chunk))
        return written

    @classmethod
    def table(cls, suite: str, scores: dict) -> Table:
        rows_in = scores["racefix_rates"]
        feedback = sorted({r["feedback"] for r in rows_in},
                          key=lambda f: ([*FEEDBACK_ORDER, f]).index(f))
        by: dict[str, dict] = {}
        for r in rows_in:
            by.setdefault(r["actor"], {})[r["feedback"]] = r
        rows = [[a, *(("-" if f not in s else f"{s[f]['race_free_pct']:.1f}") for f in feedback),
                 str(max(x["programs"] for x in s.values()))] for a, s in by.items()]
        return Table(f"Race-free % after one fixing pass — {suite}", ["actor", *feedback, "programs"], rows,
                     "Columns are feedback sources; a fix counts when the sandbox compiles it and TSan reports no "
                     "race.")

    @classmethod
    def plot(cls, suite: str, scores: dict, out: Path) -> tuple[str, Path | None]:
        """Grouped bars: race-free % per actor, one bar per feedback source."""
        rows = scores["racefix_rates"]
        actors = sorted({r["actor"] for r in rows})
        feedback = sorted({r["feedback"] for r in rows})
        if not actors:
            return "", None
        plt = plots.pyplot()
        fig, ax = plt.subplots(figsize=(6, 3.4))
        w = 0.8 / len(feedback)
        for k, f in enumerate(feedback):
            vals = [next((r["race_free_pct"] for r in rows if r["actor"] == a and r["feedback"] == f), 0)
                    for a in actors]
            ax.bar([i + (k - (len(feedback) - 1) / 2) * w for i in range(len(actors))], vals, width=w, label=f)
        ax.set_xticks(range(len(actors)), actors, fontsize=8)
        ax.set_ylabel("race-free %")
        ax.set_ylim(0, 105)
        ax.legend(fontsize=7, title="feedback", title_fontsize=7)
        ax.set_title(f"{suite}: race-free after one fixing pass", fontsize=10)
        return f"{suite}: race-fix results", plots.save(fig, out / f"{suite}-racefix.png")

    @classmethod
    def card_entries(cls, scores: dict, model: str) -> list[dict]:
        return [{"metric_type": "race_free_rate", "metric_config": f"feedback={r['feedback']}",
                 "metric_name": f"race-free % (feedback: {r['feedback']})",
                 "metric_value": round(float(r["race_free_pct"]), 2)}
                for r in scores["racefix_rates"] if r["actor"] == model and r["race_free_pct"] is not None]
