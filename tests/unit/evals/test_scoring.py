"""The SQL metrics on small frozen generation tables (hand-computed scores), and the `evaluate` modules giving the
SQL's numbers on the same generations."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from pcwm.evals.scoring import score_dirs
from pcwm.evals.store import SuiteStore
from pcwm.evals.tasks import dataracebench as suite_drb
from pcwm.evals.tasks import pareval_caliper as suite_caliper
from pcwm.evals.tasks import racefix as suite_racefix
from pcwm.worldmodel.outcomes import RegionWork, render_tsan_answer, render_workpct_pair

METRICS = Path(__file__).resolve().parents[3] / "src" / "pcwm" / "evals" / "metrics"


def _race(*lines):
    return {"type": "read/write race", "code_locations": [f"generated.c:{x}" for x in lines]}


DRB_ITEMS = [
    {"item_id": "A.c", "drb_id": 1, "has_race": True, "clean": True, "excluded_reason": None, "plabels": ["Y1"],
     "annotated_pairs": [{"lo": 10, "hi": 12}]},
    {"item_id": "B.c", "drb_id": 2, "has_race": False, "clean": True, "excluded_reason": None, "plabels": ["N1"],
     "annotated_pairs": []},
    {"item_id": "C.c", "drb_id": 3, "has_race": True, "clean": False, "excluded_reason": "simd",
     "plabels": ["Y1", "Y2"], "annotated_pairs": [{"lo": 5, "hi": 5}]},
]
DRB_COMPLETIONS = {
    "A.c": [render_tsan_answer([_race(10, 12)]), render_tsan_answer([_race(10, 11)]), render_tsan_answer([]),
            "I am not sure."],
    "B.c": [render_tsan_answer([])] * 3 + [render_tsan_answer([_race(3)])],
    "C.c": [render_tsan_answer([_race(5)])] * 2 + [render_tsan_answer([_race(6)]), render_tsan_answer([])],
}


def _store_rows(root: Path, suite: str, kind: str, items, item_schema, rows, gen_schema, model="m"):
    store = SuiteStore(root, suite)
    store.write_items(items, item_schema, key=("item_id", "threads") if kind == "pareval_caliper" else ("item_id",))
    (store.dir / "suite.json").write_text(json.dumps({"name": suite, "kind": kind}))
    common = {"model": model, "revision": "r1", "suite": suite, "suite_hash": "h", "prompt_hash": "p",
              "created_at": time.time()}
    store.append(model, [{**common, **r} for r in rows], gen_schema)
    return store.dir


@pytest.fixture
def drb_dir(tmp_path):
    rows = [{"item_id": item, "sample": s, "completion": text, **suite_drb.parse_prediction(text)}
            for item, texts in DRB_COMPLETIONS.items() for s, text in enumerate(texts)]
    return _store_rows(tmp_path, "drb", "dataracebench", DRB_ITEMS, suite_drb.ITEM_SCHEMA, rows,
                       suite_drb.GEN_SCHEMA)


def test_drb_sql_scores(drb_dir):
    scores = score_dirs([drb_dir])
    s = {r["subset"]: r for r in scores["drb_summary"]}
    assert s["overall"]["accuracy"] == pytest.approx((0.5 + 0.75 + 0.75) / 3)
    assert s["overall"]["majority_accuracy"] == pytest.approx(2 / 3)
    assert s["overall"]["precision"] == pytest.approx(5 / 6)
    assert s["overall"]["recall"] == pytest.approx(5 / 8)
    assert s["overall"]["parse_rate"] == pytest.approx(11 / 12)
    assert s["clean"]["accuracy"] == pytest.approx(0.625) and s["clean"]["majority_accuracy"] == 0.5
    assert s["excluded"]["accuracy"] == pytest.approx(0.75) and s["excluded"]["programs"] == 1
    labels = {r["plabel"]: r["accuracy"] for r in scores["drb_plabels"]}
    assert labels == pytest.approx({"Y1": 0.625, "N1": 0.75, "Y2": 0.75})
    (lines,) = scores["drb_lines"]
    assert (lines["samples"], lines["pair_agreement"], lines["line_agreement"]) == (5, 0.6, 0.8)


def test_rerun_rows_count_once(drb_dir):
    """A sample stored twice (a rerun) counts once: the newest row wins."""
    store = SuiteStore(drb_dir.parent, "drb")
    text = render_tsan_answer([])  # A.c sample 3 again, now parseable but wrong
    row = {"model": "m", "revision": "r1", "suite": "drb", "suite_hash": "h", "prompt_hash": "p",
           "created_at": time.time() + 10, "item_id": "A.c", "sample": 3, "completion": text,
           **suite_drb.parse_prediction(text)}
    store.append("m", [row], suite_drb.GEN_SCHEMA)
    s = {r["subset"]: r for r in score_dirs([drb_dir])["drb_summary"]}
    assert s["overall"]["samples"] == 12 and s["overall"]["parse_rate"] == 1.0


def test_drb_metric_module_matches_sql(drb_dir):
    import evaluate
    sql = {r["subset"]: r for r in score_dirs([drb_dir])["drb_summary"]}["overall"]
    lines = score_dirs([drb_dir])["drb_lines"][0]
    items = {i["item_id"]: i for i in DRB_ITEMS}
    preds, refs, ids, pairs = [], [], [], []
    for item, texts in DRB_COMPLETIONS.items():
        for t in texts:
            preds.append(t)
            refs.append(int(items[item]["has_race"]))
            ids.append(item)
            pairs.append([[p["lo"], p["hi"]] for p in items[item]["annotated_pairs"]])
    got = evaluate.load(str(METRICS / "drb_race")).compute(predictions=preds, references=refs, program_ids=ids,
                                                            annotated_pairs=pairs)
    for k in ("accuracy", "majority_accuracy", "precision", "recall", "parse_rate"):
        assert got[k] == pytest.approx(sql[k]), k
    assert got["pair_agreement"] == pytest.approx(lines["pair_agreement"])
    assert got["line_agreement"] == pytest.approx(lines["line_agreement"])


def _pair_answer(a: dict, b: dict) -> str:
    return "<answer>\n" + render_workpct_pair([RegionWork("r", a)], [RegionWork("r", b)]) + "\n</answer>"


CAL_WORK = {"P1": {4: (80.0, 60.0), 16: (50.0, 50.2)}, "P2": {4: (30.0, 35.0), 16: (10.0, 55.0)}}
CAL_COMPLETIONS = {
    "P1": [_pair_answer({4: 90, 16: 1}, {4: 50, 16: 2}), "no answer"],
    "P2": [_pair_answer({4: 20, 16: 60}, {4: 40, 16: 50}), _pair_answer({4: 40}, {4: 40})],
}


@pytest.fixture
def caliper_dir(tmp_path):
    items = []
    for pid, work in CAL_WORK.items():
        for t, (a, b) in work.items():
            label, order = suite_caliper.bucket(abs(a - b), [10, 20, 30, 40])
            items.append({"item_id": pid, "problem": "p", "a_id": "x", "b_id": "y", "threads": t, "work_a": a,
                          "work_b": b, "gap": abs(a - b), "tie": abs(a - b) < 0.5, "gap_bucket": label,
                          "bucket_order": order})
    rows = [{"item_id": pid, "sample": s, "completion": text, **suite_caliper.parse_prediction(text, [4, 16])}
            for pid, texts in CAL_COMPLETIONS.items() for s, text in enumerate(texts)]
    return _store_rows(tmp_path, "cal", "pareval_caliper", items, suite_caliper.ITEM_SCHEMA, rows,
                       suite_caliper.GEN_SCHEMA)


def test_caliper_sql_scores(caliper_dir):
    scores = score_dirs([caliper_dir])
    by_t = {r["threads"]: r for r in scores["caliper_ranking"]}
    assert by_t["4"]["accuracy"] == 0.5 and by_t["4"]["ties"] == 0
    assert by_t["16"]["accuracy"] == 0.0 and by_t["16"]["ties"] == 1 and by_t["16"]["pairs"] == 1
    assert by_t["avg"]["accuracy"] == 0.25
    gaps = {r["gap_bucket"]: r["accuracy"] for r in scores["caliper_gap"]}
    assert gaps == {"<10": 0.5, "20-30": 0.5, ">40": 0.0}


def test_caliper_metric_module_matches_sql(caliper_dir):
    import evaluate
    scores = score_dirs([caliper_dir])
    preds, refs = [], []
    for pid, texts in CAL_COMPLETIONS.items():
        for t in texts:
            preds.append(t)
            refs.append({"work_a": [CAL_WORK[pid][4][0], CAL_WORK[pid][16][0]],
                         "work_b": [CAL_WORK[pid][4][1], CAL_WORK[pid][16][1]]})
    got = evaluate.load(str(METRICS / "caliper_ranking")).compute(predictions=preds, references=refs,
                                                                   threads=[4, 16])
    by_t = {r["threads"]: r["accuracy"] for r in scores["caliper_ranking"]}
    assert got["accuracy_4"] == by_t["4"] and got["accuracy_16"] == by_t["16"] and got["accuracy"] == by_t["avg"]
    assert got["by_gap"] == {r["gap_bucket"]: r["accuracy"] for r in scores["caliper_gap"]}


def test_racefix_sql_and_metric(tmp_path):
    statuses = {("none", ""): ["race", "race", "compile_error"], ("oracle", ""): ["ok", "ok", "race"],
                ("world_model", "wm"): ["ok", "no_code", "race"]}
    rows = []
    for (fb, wm), sts in statuses.items():
        for i, st in enumerate(sts):
            rows.append({"item_id": f"D{i}.c", "sample": 0, "completion": "", "feedback": fb, "world_model": wm,
                         "feedback_text": "", "edit_text": "", "fixed_code": None, "extracted": st != "no_code",
                         "status": st, "compiles": st not in ("compile_error", "no_code"), "race_free": st == "ok",
                         "still_parallel": True, "fixed": st == "ok"})
    d = _store_rows(tmp_path, "fix", "racefix", suite_drb.item_rows([]) or [], suite_drb.ITEM_SCHEMA, rows,
                    suite_racefix.GEN_SCHEMA, model="actor")
    got_sql = {r["feedback"]: r for r in score_dirs([d])["racefix_rates"]}
    assert got_sql["oracle"]["race_free_pct"] == pytest.approx(200 / 3)
    assert got_sql["none"]["race_free_pct"] == 0 and got_sql["none"]["compile_pct"] == pytest.approx(200 / 3)
    assert got_sql["world_model:wm"]["extracted_pct"] == pytest.approx(200 / 3)
    import evaluate
    groups = [r["feedback"] if r["feedback"] != "world_model" else "world_model:wm" for r in rows]
    got = evaluate.load(str(METRICS / "racefix_rate")).compute(predictions=[r["status"] for r in rows],
                                                                groups=groups)
    for g, r in got_sql.items():
        assert got[g]["race_free_pct"] == pytest.approx(r["race_free_pct"])
        assert got[g]["compile_pct"] == pytest.approx(r["compile_pct"])
