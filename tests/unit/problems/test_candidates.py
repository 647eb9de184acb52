"""The offline candidate engine end to end: mutants of real seeds get TSan labels, runs resume, the selection is
balanced, and the CLI writes the documented files."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pcwm.cli import app
from pcwm.problems import load_bank
from pcwm.problems.candidates import (
    CandidateStore,
    make_candidates,
    operator_report,
    run_candidates,
    select_balanced,
)

BANK = load_bank()
SEEDS = [BANK.get("histogram_reduction/int_histogram"), BANK.get("sort_scan/merge_sort"),
         BANK.get("sparse/csr_spmv_transpose")]
OPS = ["drop_reduction", "drop_atomic", "drop_critical", "drop_taskwait", "drop_lock", "schedule_change", "rename"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("mutate")
    cands = make_candidates(SEEDS, operators=OPS, max_sites=1)
    store = CandidateStore(out)
    done = run_candidates(cands, BANK, store, jobs=2)
    return cands, done, store


def test_every_candidate_gets_a_tsan_label(run):
    cands, done, store = run
    assert len(done) == len(cands) and not store.errors
    by_op = {}
    for c in done:
        by_op.setdefault(c.operator, []).append(c)
        assert c.status in ("ok", "race", "wrong_output"), (c.id, c.status)
    assert all(c.actual == "no race" and c.valid for c in by_op["original"])
    for op in ("drop_reduction", "drop_atomic", "drop_critical", "drop_taskwait", "drop_lock"):
        races = [c for c in by_op[op] if c.actual == "race"]
        assert races, f"{op}: TSan found no race in any mutant"
        assert all(r["locations"][0].startswith(c.file_name) for c in races for r in c.races)
    for op in ("schedule_change", "rename"):
        assert all(c.actual == "no race" and c.valid for c in by_op[op]), op


def test_rerun_resumes_without_the_sandbox(run, monkeypatch):
    cands, done, store = run
    import pcwm.sandbox

    def boom(*a, **k):
        raise AssertionError("finished candidates must not be rerun")

    monkeypatch.setattr(pcwm.sandbox, "run_many", boom)
    again = run_candidates(cands, BANK, store, jobs=2)
    assert sorted(c.id for c in again) == sorted(c.id for c in done)
    assert {c.id: c.actual for c in again} == {c.id: c.actual for c in done}
    folder = store.dir / done[0].folder_name
    assert {p.name for p in folder.iterdir()} == {done[0].file_name, "diff.patch", "result.json", "candidate.json"}


def test_balanced_selection_and_report(run):
    cands, done, _ = run
    sel = select_balanced(done)
    n_race = sum(c.actual == "race" for c in sel)
    assert n_race == len(sel) - n_race > 0
    assert len(select_balanced(done, 4)) == 4
    rows = {r["operator"]: r for r in operator_report(cands, done)}
    assert rows["original"]["ok_rate"] == 1.0 and rows["drop_critical"]["race_rate"] > 0
    assert all(r["compile_rate"] == 1.0 for r in rows.values())


def test_mutate_cli_writes_a_balanced_set(tmp_path):
    args = ["problems", "mutate", "--out", str(tmp_path), "--seed", "histogram_reduction/int_histogram",
            "--operators", "drop_reduction,drop_atomic,drop_critical,rename", "--max-sites", "1", "--max", "6",
            "--jobs", "2"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    selected = [json.loads(x) for x in (tmp_path / "selected.jsonl").read_text().splitlines()]
    assert sorted(c["actual"] for c in selected) == ["no race"] * 3 + ["race"] * 3
    assert all(c["source"] and c["seed"] == "histogram_reduction/int_histogram" for c in selected)
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["selected"] == {"race": 3, "no race": 3}
    assert {r["operator"] for r in report["operators"]} >= {"original", "drop_reduction"}
    assert "candidates per operator" in res.output
    rerun = CliRunner().invoke(app, args)  # resumable: same answer from the stored candidates
    assert rerun.exit_code == 0 and json.loads((tmp_path / "report.json").read_text())["selected"] == \
        report["selected"]


def test_mutate_cli_rejects_unknown_operators(tmp_path):
    res = CliRunner().invoke(app, ["problems", "mutate", "--out", str(tmp_path), "--operators", "nope"])
    assert res.exit_code != 0 and "unknown operator" in res.output


def test_stored_labels_are_reused_only_for_the_same_source_and_plan(tmp_path):
    from dataclasses import replace

    from pcwm.problems.candidates import run_key
    from pcwm.sandbox import RunPlan

    cand = make_candidates(SEEDS[:1], operators=["drop_atomic"], max_sites=1, originals=False)[0]
    cand.status, cand.actual = "race", "race"
    key = run_key(RunPlan(stop_on_race=True))
    CandidateStore(tmp_path, key).save(cand, {})
    assert CandidateStore(tmp_path, key).finished(cand).actual == "race"
    assert CandidateStore(tmp_path, run_key(RunPlan(stop_on_race=True, history_size=2))).finished(cand) is None
    assert CandidateStore(tmp_path, key).finished(replace(cand, source=cand.source + "\n")) is None


def test_mutate_operator_option_repeats_or_takes_a_comma_list(tmp_path):
    base = ["problems", "mutate", "--out", str(tmp_path), "--seed", "histogram_reduction/int_histogram", "--dry-run"]
    repeated = CliRunner().invoke(app, [*base, "--operator", "drop_atomic", "--operator", "rename"])
    listed = CliRunner().invoke(app, [*base, "--operators", "drop_atomic,rename"])
    assert repeated.exit_code == 0 and listed.exit_code == 0, repeated.output + listed.output
    ops = {json.loads(x)["operator"] for x in repeated.stdout.splitlines()}
    assert ops == {"original", "drop_atomic", "rename"}
    assert repeated.stdout == listed.stdout
