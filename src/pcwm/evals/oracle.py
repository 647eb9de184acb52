"""The TSan oracle on DataRaceBench: how well the sandbox itself labels races (accuracy vs file-name labels).

The sandbox's verdicts become one generation row per program (sample 0; race = TSan reported one; the predicted
line pairs are the reported races' lines in the program's own file) and are scored by the dataracebench task's SQL
(sql/drb_summary.sql, sql/drb_lines.sql), the same metrics every model is scored with. The confusion counts and the
lists of misses and false alarms are shown next to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from pcwm.evals.drb import DRBProgram, race_line_pairs
from pcwm.evals.scoring import score_tables
from pcwm.evals.tasks.dataracebench import GEN_SCHEMA, ITEM_SCHEMA, item_rows

MODEL = "oracle"


@dataclass
class BinaryCounts:
    """Confusion counts of race (positive) vs no race."""

    n: int
    tp: int
    fp: int
    tn: int
    fn: int


def binary_counts(pairs: list[tuple[bool, bool]]) -> BinaryCounts:
    """(truth, predicted) pairs -> confusion counts."""
    tp = sum(t and p for t, p in pairs)
    fp = sum((not t) and p for t, p in pairs)
    tn = sum((not t) and (not p) for t, p in pairs)
    fn = sum(t and (not p) for t, p in pairs)
    return BinaryCounts(len(pairs), tp, fp, tn, fn)


def verdict_rows(scored: list[tuple[DRBProgram, bool, dict]]) -> list[dict]:
    """Generation rows (dataracebench GEN_SCHEMA) of the oracle's verdicts, one sample per program."""
    rows = []
    for p, pred, r in scored:
        pairs = sorted(race_line_pairs(r["races"], p.name)) if pred else []
        rows.append({"model": MODEL, "item_id": p.name, "sample": 0, "parsed": True, "pred_race": pred,
                     "n_races": len(r["races"]), "pred_pairs": [{"lo": a, "hi": b} for a, b in pairs],
                     "pred_lines": sorted({x for pair in pairs for x in pair})})
    return rows


def _nan(v) -> float:
    return float("nan") if v is None else v


def score_oracle(programs: list[DRBProgram], results: dict[str, dict]) -> dict:
    """Scores sandbox results (by program name; dicts as SandboxResult.to_dict()) against DRB labels.

    Programs whose result is not a label (sandbox_error) are counted apart, never scored as race or no race.
    """
    scored, errors = [], []
    for p in programs:
        r = results.get(p.name)
        if r is None or r["status"] in ("sandbox_error", "tampered"):
            errors.append(p.name)
            continue
        scored.append((p, r["status"] == "race", r))
    metrics = {"drb_summary": [], "drb_lines": []}
    if scored:
        items = pa.Table.from_pylist(item_rows([p for p, _, _ in scored]), schema=ITEM_SCHEMA)
        gens = pa.Table.from_pylist(verdict_rows(scored), schema=GEN_SCHEMA)
        metrics = score_tables("dataracebench", items, gens, ["drb_summary", "drb_lines"])
    summary = {r["subset"]: r for r in metrics["drb_summary"]}
    lines = metrics["drb_lines"][0] if metrics["drb_lines"] else {}
    out = {}
    for subset, counts in (("overall", binary_counts([(p.has_race, pred) for p, pred, _ in scored])),
                           ("clean", binary_counts([(p.has_race, pred) for p, pred, _ in scored if p.clean]))):
        s = summary.get(subset, {})
        out[subset] = {"n": counts.n, "accuracy": _nan(s.get("accuracy")), "precision": _nan(s.get("precision")),
                       "recall": _nan(s.get("recall")), "tp": counts.tp, "fp": counts.fp, "tn": counts.tn,
                       "fn": counts.fn}
    statuses: dict[str, int] = {}
    for _, _, r in scored:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return {
        **out,
        "line_pair_agreement": _nan(lines.get("pair_agreement")),
        "line_pair_n": lines.get("samples", 0),
        "sandbox_errors": errors,
        "statuses": statuses,
        "misses": sorted(p.name for p, pred, _ in scored if p.has_race and not pred),
        "false_alarms": sorted(p.name for p, pred, _ in scored if not p.has_race and pred),
    }
