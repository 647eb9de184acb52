"""The dataracebench task: a model reads each DRB program and predicts ThreadSanitizer's race list.

A sample predicts "race" when its parsed answer lists at least one race; an answer that cannot be parsed is stored
with `parsed = false` and `pred_race = NULL` (the SQL counts it as a wrong prediction and reports the parse rate).

Columns of `items.parquet`: item_id (file name), drb_id, has_race (file-name label), clean (see drb.py),
excluded_reason, plabels (DRB-metainfo.json P-labels), annotated_pairs (list of {lo, hi} line pairs).
Generation columns: run.COMMON_FIELDS + parsed, pred_race, n_races, pred_pairs (per predicted race: lowest and
highest line it names), pred_lines (every line named).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, Literal

import pyarrow as pa
from pydantic import Field

from pcwm.evals import plots
from pcwm.evals.benchmarks import DATARACEBENCH
from pcwm.evals.drb import DRBProgram, load_programs
from pcwm.evals.run import COMMON_FIELDS, PAIR, generate_rows
from pcwm.evals.tasks.base import ProgramSelection, Sampling, SuiteConfig, Table, Task, TsanSpec, pct, percent
from pcwm.sandbox.candidate import LANGUAGES, candidate_file
from pcwm.worldmodel.outcomes import OutcomeParseError, parse_tsan
from pcwm.worldmodel.prompts import Prompt, code_language, strip_comments, user_prompt

ITEM_SCHEMA = pa.schema([
    pa.field("item_id", pa.string()),
    pa.field("drb_id", pa.int32()),
    pa.field("has_race", pa.bool_()),
    pa.field("clean", pa.bool_()),
    pa.field("excluded_reason", pa.string()),
    pa.field("plabels", pa.list_(pa.string())),
    pa.field("annotated_pairs", pa.list_(PAIR)),
])
GEN_SCHEMA = pa.schema([
    *COMMON_FIELDS,
    pa.field("parsed", pa.bool_()),
    pa.field("pred_race", pa.bool_()),
    pa.field("n_races", pa.int32()),
    pa.field("pred_pairs", pa.list_(PAIR)),
    pa.field("pred_lines", pa.list_(pa.int32())),
])
_LINE = re.compile(r"(?:^|:)\s*(\d+)\s*$")
# The file name shown to models: DRB names say -yes/-no, so models see a neutral name (as in the training data).
SHOWN_NAME = {lang: candidate_file(lang) for lang in LANGUAGES}


def select(programs: list[DRBProgram], subset: str, ids: list[int] | None = None, limit: int = 0) -> list[DRBProgram]:
    keep = {
        "all": lambda p: True,
        "clean": lambda p: p.clean,
        "excluded": lambda p: not p.clean,
        "racy": lambda p: p.has_race,
        "racy_clean": lambda p: p.has_race and p.clean,
    }[subset]
    out = [p for p in programs if keep(p) and (not ids or p.id in ids)]
    return out[:limit] if limit else out


def item_rows(programs: list[DRBProgram]) -> list[dict]:
    return [
        {"item_id": p.name, "drb_id": p.id, "has_race": p.has_race, "clean": p.clean,
         "excluded_reason": p.excluded_reason, "plabels": list(p.plabels),
         "annotated_pairs": [{"lo": a, "hi": b} for a, b in p.annotated_pairs]}
        for p in programs
    ]


def program_prompt(template: str, p: DRBProgram, strip: bool, task: str = "tsan", **extra) -> Prompt:
    """The prompt for one program (comments blanked when `strip`, so line numbers stay those of the file)."""
    source = p.path.read_text(errors="replace")
    shown = strip_comments(source) if strip else source
    lang = code_language(p.name)
    meta = {"item_id": p.name, "task": task, "path": str(p.path), "file_name": p.name, "source": source,
            "shown_source": shown, "lang": lang}
    return user_prompt(template, meta, code=shown.rstrip("\n"), file_name=SHOWN_NAME[lang], lang=lang, **extra)


def location_line(loc: str) -> int | None:
    m = _LINE.search(str(loc))
    return int(m.group(1)) if m else None


def parse_prediction(text: str) -> dict:
    """Verdict columns for one completion."""
    try:
        races = parse_tsan(text)
    except OutcomeParseError:
        return {"parsed": False, "pred_race": None, "n_races": None, "pred_pairs": [], "pred_lines": []}
    pairs, lines = [], set()
    for r in races:
        ls = [x for x in (location_line(loc) for loc in r["code_locations"]) if x is not None]
        lines.update(ls)
        if ls:
            pairs.append({"lo": min(ls), "hi": max(ls)})
    return {"parsed": True, "pred_race": bool(races), "n_races": len(races), "pred_pairs": pairs,
            "pred_lines": sorted(lines)}


class DataRaceBenchSuite(SuiteConfig):
    """Intrinsic race prediction on DataRaceBench (paper: 16 samples per program at temperature 0.6)."""

    kind: Literal["dataracebench"] = "dataracebench"
    prompt_template: str = "tsan_predict.j2"
    strip_comments: bool = True  # DRB headers describe the race; comments are blanked, line numbers kept
    sampling: Sampling = Field(default_factory=lambda: Sampling(n=16))
    programs: ProgramSelection = Field(default_factory=ProgramSelection)
    sandbox: TsanSpec = Field(default_factory=TsanSpec)
    items_from: str = ""  # ORG/NAME@TAG: read the programs from this items dataset (pcwm eval export); else git


def selected_programs(suite, data_dir=None) -> list[DRBProgram]:
    """The suite's program selection (a ValueError when it is empty)."""
    sel = suite.programs
    programs = select(load_programs(data_dir), sel.subset, sel.ids, sel.limit)
    if not programs:
        raise ValueError(f"suite {suite.name}: the program selection {sel!r} is empty")
    return programs


def prepare(suite, data_dir=None) -> tuple[list[DRBProgram], list[Prompt]]:
    programs = selected_programs(suite, data_dir)
    prompts = [program_prompt(suite.prompt_template, p, suite.strip_comments) for p in programs]
    return programs, prompts


def export_rows(suite, template: str, data_dir=None) -> list[dict]:
    """One row per selected program: the prompt as rendered from `template`, labels, source and provenance."""
    programs = select(load_programs(data_dir), suite.programs.subset, suite.programs.ids, suite.programs.limit)
    rows = []
    for p, labels in zip(programs, item_rows(programs), strict=True):
        prompt = program_prompt(template, p, suite.strip_comments)
        rows.append({**labels, "prompt": prompt.messages, "prompt_hash": prompt.hash,
                     "source": p.path.read_text(errors="replace"), "upstream_repo": DATARACEBENCH.repo,
                     "upstream_commit": DATARACEBENCH.commit, "file": f"{DATARACEBENCH.subdir}/{p.name}"})
    return rows


class DataRaceBenchTask(Task):
    """Race prediction on DataRaceBench, scored by sql/drb_*.sql."""

    kind = "dataracebench"
    Config = DataRaceBenchSuite
    sql = ("drb_summary", "drb_plabels", "drb_lines", "drb_compute")
    card_task = ("text-generation", "Data-race prediction (ThreadSanitizer world model)")
    reported_words: ClassVar[tuple[str, ...]] = ("dataracebench",)

    def export_rows(self, data_dir=None) -> list[dict]:
        return export_rows(self.config, self.config.prompt_template, data_dir)

    def run(self, gen, store, *, data_dir=None, batch: int = 8, on_progress=None, suite_hash: str = "") -> int:
        programs, prompts = prepare(self.config, data_dir)
        store.write_items(item_rows(programs), ITEM_SCHEMA)
        return generate_rows(store, gen, prompts, self.config.sampling, lambda p, text: parse_prediction(text),
                             GEN_SCHEMA, suite_hash=suite_hash, batch=batch, on_progress=on_progress)

    @classmethod
    def table(cls, suite: str, scores: dict) -> Table:
        by: dict[str, dict] = {}
        for r in scores["drb_summary"]:
            by.setdefault(r["model"], {})[r["subset"]] = r
        lines = {r["model"]: r for r in scores["drb_lines"]}
        rows = []
        for model, s in by.items():
            o, c, e = s.get("overall", {}), s.get("clean", {}), s.get("excluded", {})
            rows.append([model, pct(o.get("accuracy")), pct(c.get("accuracy")), pct(e.get("accuracy")),
                         pct(o.get("majority_accuracy")), pct(o.get("precision")), pct(o.get("recall")),
                         pct(o.get("parse_rate")), pct(lines.get(model, {}).get("pair_agreement")),
                         str(o.get("programs", "-")), str(o.get("samples", "-"))])
        rows.sort(key=lambda r: -float(r[1]) if r[1] != "-" else 0)
        return Table(f"DataRaceBench race prediction — {suite}",
                     ["model", "accuracy %", "clean %", "excluded %", "majority %", "precision %", "recall %",
                      "parsed %", "line-pair agreement %", "programs", "samples"], rows,
                     "accuracy: mean over programs of the share of correct samples (unparseable = wrong); "
                     "clean/excluded: see pcwm.evals.drb; line-pair agreement: racy annotated programs' "
                     "race-predicting samples.")

    @classmethod
    def plot(cls, suite: str, scores: dict, out: Path) -> tuple[str, Path | None]:
        """Horizontal bars: accuracy per model, overall and on the clean subset."""
        rows = scores["drb_summary"]
        models = sorted({r["model"] for r in rows}, key=lambda m: next(
            (r["accuracy"] for r in rows if r["model"] == m and r["subset"] == "overall"), 0))
        if not models:
            return "", None
        plt = plots.pyplot()
        fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * len(models)))
        h = 0.38
        for k, subset in enumerate(("overall", "clean")):
            vals = [next((100 * r["accuracy"] for r in rows if r["model"] == m and r["subset"] == subset), 0)
                    for m in models]
            ax.barh([i + (k - 0.5) * h for i in range(len(models))], vals, height=h, label=subset)
        ax.set_yticks(range(len(models)), models)
        ax.set_xlim(0, 100)
        ax.set_xlabel("accuracy %")
        ax.axvline(50, color="#999", lw=0.8, ls="--")
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title(f"{suite}: race-prediction accuracy", fontsize=10)
        return f"{suite}: accuracy per model", plots.save(fig, out / f"{suite}-accuracy.png")

    @classmethod
    def card_entries(cls, scores: dict, model: str) -> list[dict]:
        out = []
        for r in scores["drb_summary"]:
            if r["model"] == model and r["subset"] in ("overall", "clean"):
                for metric in ("accuracy", "precision", "recall"):
                    if r.get(metric) is not None:
                        out.append({"dataset_split": r["subset"], "metric_type": metric,
                                    "metric_name": f"{metric} % ({r['subset']})", "metric_value": percent(r[metric])})
        return out
