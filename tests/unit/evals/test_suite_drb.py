"""The dataracebench suite end to end on real DRB programs: the TSan oracle baseline through the generation path
gives the same scores as `pcwm eval oracle`'s scorer, the tiny model's rows are stored resumably, and code only
runs with the confirmation."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from pcwm.evals.drb import load_programs
from pcwm.evals.oracle import score_oracle
from pcwm.evals.run import UnsafeCodeNotConfirmed, run_suite
from pcwm.evals.scoring import score_dirs
from pcwm.evals.tasks.base import ProgramSelection, Sampling, TsanSpec
from pcwm.evals.tasks.dataracebench import DataRaceBenchSuite, parse_prediction, program_prompt
from pcwm.models import make_model

IDS = [1, 3, 9, 22, 46, 60, 61, 62, 24, 144]  # racy and race-free, clean and excluded


def _suite(n=2, max_tokens=16, ids=IDS):
    return DataRaceBenchSuite(name="drb-test", programs=ProgramSelection(ids=ids), sandbox=TsanSpec(timeout_s=20),
                              sampling=Sampling(n=n, max_tokens=max_tokens))


def test_prompt_hides_the_label_and_keeps_line_numbers(bench):
    p = next(x for x in load_programs(bench("dataracebench")) if x.id == 1)
    prompt = program_prompt("tsan_predict.j2", p, strip=True)
    text = prompt.messages[0]["content"]
    assert "DRB001" not in text and "-yes" not in text and "Data race pair" not in text
    assert "generated.c" in text and "ThreadSanitizer" in text
    original = p.path.read_text().splitlines()
    assert prompt.meta["shown_source"].splitlines()[63].strip() == original[63].strip()  # line 64: a[i]=a[i+1]+1


def test_parse_prediction_reads_the_paper_format():
    text = ("<think>...</think><answer>\nHere is a list of data races that ThreadSanitizer will catch:\n\n"
            "[{'type': 'read/write race', 'code_locations': ['generated.c:64', 'generated.c:64']}]\n</answer>")
    assert parse_prediction(text) == {"parsed": True, "pred_race": True, "n_races": 1,
                                      "pred_pairs": [{"lo": 64, "hi": 64}], "pred_lines": [64]}
    assert parse_prediction("<answer>[]</answer>")["pred_race"] is False
    assert parse_prediction("no idea")["parsed"] is False


@pytest.mark.needs_data("dataracebench")
def test_oracle_baseline_matches_the_oracle_scorer(tmp_path, bench):
    suite = _suite(n=1)
    oracle = make_model("baseline:oracle", tsan=suite.sandbox)
    with pytest.raises(UnsafeCodeNotConfirmed):
        run_suite(suite, oracle, tmp_path, model_spec="baseline:oracle")
    assert run_suite(suite, oracle, tmp_path, model_spec="baseline:oracle", confirm_unsafe=True) == len(IDS)
    sql = {r["subset"]: r for r in score_dirs([tmp_path / "drb-test"])["drb_summary"]}
    lines = score_dirs([tmp_path / "drb-test"])["drb_lines"][0]

    from pcwm.evals.sandboxing import tsan_results

    progs = [p for p in load_programs(bench("dataracebench")) if p.id in IDS]
    results = tsan_results([{"path": str(p.path)} for p in progs], suite.sandbox)
    ref = score_oracle(progs, {p.name: r.to_dict() for p, r in zip(progs, results, strict=True)})
    assert sql["overall"]["accuracy"] == pytest.approx(ref["overall"]["accuracy"])
    assert sql["clean"]["accuracy"] == pytest.approx(ref["clean"]["accuracy"])
    assert sql["overall"]["precision"] == pytest.approx(ref["overall"]["precision"])
    assert lines["pair_agreement"] == pytest.approx(ref["line_pair_agreement"])
    assert sql["clean"]["accuracy"] >= 0.85


@pytest.mark.needs_data("dataracebench")
def test_tiny_model_rows_are_stored_and_resumed(tmp_path):
    suite = _suite(n=2, ids=IDS[:4])
    gen = make_model("tiny", threads=1)
    assert run_suite(suite, gen, tmp_path) == 8
    table = pq.read_table(next((tmp_path / "drb-test" / "generations").glob("*/part-*.parquet")))
    assert {"model", "revision", "suite", "prompt_hash", "sample", "completion", "pred_race"} <= set(table.schema.names)
    assert set(table.column("model").to_pylist()) == {"tiny"}
    assert run_suite(suite, gen, tmp_path) == 0  # everything stored: nothing regenerated
    suite.sampling.n = 3
    assert run_suite(suite, gen, tmp_path) == 4  # one more sample per program
    (row,) = [r for r in score_dirs([tmp_path / "drb-test"])["drb_summary"] if r["subset"] == "overall"]
    assert row["samples"] == 12 and row["programs"] == 4


@pytest.mark.needs_data("dataracebench")
@pytest.mark.slow
def test_full_drb_oracle_baseline(tmp_path, bench):
    """All 208 programs: the oracle baseline through the suite path keeps the oracle's precision and accuracy."""
    suite = DataRaceBenchSuite(name="drb-full", sampling=Sampling(n=1), sandbox=TsanSpec(timeout_s=20))
    run_suite(suite, make_model("baseline:oracle", tsan=suite.sandbox), tmp_path, confirm_unsafe=True)
    sql = {r["subset"]: r for r in score_dirs([tmp_path / "drb-full"])["drb_summary"]}
    assert sql["overall"]["programs"] == 208
    assert sql["clean"]["accuracy"] >= 0.93 and sql["clean"]["precision"] >= 0.99  # issue target; 0.931 at history 7
