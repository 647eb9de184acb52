"""The dataracebench suite: a model reads each DRB program and predicts ThreadSanitizer's race list.

A sample predicts "race" when its parsed answer lists at least one race; an answer that cannot be parsed is stored
with `parsed = false` and `pred_race = NULL` (the SQL counts it as a wrong prediction and reports the parse rate).

Columns of `items.parquet`: item_id (file name), drb_id, has_race (file-name label), clean (see drb.py),
excluded_reason, plabels (DRB-metainfo.json P-labels), annotated_pairs (list of {lo, hi} line pairs).
Generation columns: run.COMMON_FIELDS + parsed, pred_race, n_races, pred_pairs (per predicted race: lowest and
highest line it names), pred_lines (every line named).
"""

from __future__ import annotations

import re

import pyarrow as pa

from pcwm.evals.drb import DRBProgram, load_programs
from pcwm.evals.prompts import Prompt, code_language, strip_comments, user_prompt
from pcwm.evals.run import COMMON_FIELDS, PAIR
from pcwm.outcomes import OutcomeParseError, parse_tsan
from pcwm.sandbox.candidate import LANGUAGES, candidate_file

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


def prepare(suite, data_dir=None) -> tuple[list[DRBProgram], list[Prompt]]:
    programs = select(load_programs(data_dir), suite.programs.subset, suite.programs.ids, suite.programs.limit)
    if not programs:
        raise ValueError(f"suite {suite.name}: the program selection {suite.programs} is empty")
    prompts = [program_prompt(suite.prompt_template, p, suite.strip_comments) for p in programs]
    return programs, prompts


def run(suite, gen, store, *, data_dir=None, batch: int = 8, on_progress=None, suite_hash: str = "") -> int:
    """Generates and stores every missing sample of `gen` on the suite; returns the number of new rows."""
    from pcwm.evals.run import generate_rows

    programs, prompts = prepare(suite, data_dir)
    store.write_items(item_rows(programs), ITEM_SCHEMA)
    return generate_rows(store, gen, prompts, suite.sampling, lambda p, text: parse_prediction(text), GEN_SCHEMA,
                         suite_hash=suite_hash, batch=batch, on_progress=on_progress)
