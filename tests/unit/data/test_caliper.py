"""Caliper datasets: pairs of real profiles of one problem, completion = [CoT, outcome_i, outcome_j]."""

from __future__ import annotations

import copy

import pytest
from data_fixtures import write_jsonl

from pcwm.data.build import BuildOptions, build_dataset
from pcwm.data.schema import features
from pcwm.worldmodel import outcomes


@pytest.mark.needs_data("dataracebench", "pareval")
def test_pairs_are_made_within_a_problem_under_the_same_conditions(tmp_path, workpct_records):
    src = write_jsonl(tmp_path / "profiles.jsonl", workpct_records)
    out = tmp_path / "cal"
    report = build_dataset([str(src)], out, BuildOptions(kind="caliper", decontaminate=True))
    from datasets import load_dataset

    ds = load_dataset(str(out), "no_cot", split="train")
    assert ds.features == features("caliper")
    problems = {r["problem_id"] for r in workpct_records}
    per_problem = {p: sum(1 for r in workpct_records if r["problem_id"] == p) for p in problems}
    assert len(ds) == sum(n * (n - 1) // 2 for n in per_problem.values()) == report["configs"]["no_cot"]["rows"]
    codes = {r["code"]: r for r in workpct_records}
    for row in ds:
        a, b = codes[row["code_i"]], codes[row["code_j"]]
        assert a["problem_id"] == b["problem_id"] == row["problem_id"] and a["code"] != b["code"]
        first, second = outcomes.parse_workpct_pair(row["completion"][0]["content"])
        want = {int(t): round(s["median"]) for t, s in a["profile"]["regions"][0]["by_threads"].items()}
        assert {t: round(v) for t, v in first[0].work_pct.items()} == want
        assert len(second) == len(b["profile"]["regions"])
        assert row["regions_i"][0]["work_pct"][0]["threads"] == 2
        p = row["provenance_i"]
        assert p["threads"] == [2, 4] and p["host_cores"] == a["profile"]["host"]["available_cores"]
        assert p["oversubscribed"] == (p["host_cores"] < 4) and p["sandbox_status"] == "ok"
        assert "Code 1" in row["prompt"][0]["content"] and row["code_i"] in row["prompt"][0]["content"]


def test_pipeline_pair_rows_with_cots(tmp_path, workpct_records):
    a, b = workpct_records[0], workpct_records[1]
    from pcwm.sandbox.workpct_outcome import WorkPctOutcome, answer_regions

    def regions(rec):
        d = copy.deepcopy(rec["profile"])
        for r in [*d["regions"], *d.get("annotations", []), d["total"]]:
            r.setdefault("runs", {})
        return answer_regions(WorkPctOutcome.from_dict(d))

    answer = outcomes.render_workpct_pair(regions(a), regions(b))
    row = {"problem_id": a["problem_id"], "domain": a["domain"], "language": "c", "code_a": a["code"],
           "code_b": b["code"], "threads": [2, 4], "pair_answer": answer, "oversubscribed": True,
           "cot": "<think>\nCode 2 splits the sum into padded partials.\n</think>", "cot_accepted": True,
           "cot_model": "teacher", "sft_mode": "pair"}
    src = write_jsonl(tmp_path / "pairs.jsonl", [row, {**row, "cot": None}])
    out = tmp_path / "cal"
    report = build_dataset([str(src)], out, BuildOptions(kind="caliper", decontaminate=False))
    assert report["exact_duplicates"] == 1
    from datasets import load_dataset

    hs = load_dataset(str(out), "hindsight", split="train")
    assert len(hs) == 1 and hs[0]["cot"] == "Code 2 splits the sum into padded partials."
    text = hs[0]["completion"][0]["content"]
    assert outcomes.think_block(text) and len(outcomes.parse_workpct_pair(text)[1]) == len(regions(b))
    assert hs[0]["provenance_i"]["cot_model"] == "teacher"


def test_problems_dataset_holds_the_seed_bank(tmp_path):
    from pcwm.problems import load_bank

    out = tmp_path / "problems"
    report = build_dataset([], out, BuildOptions(kind="problems", configs=("seeds",), decontaminate=False))
    from datasets import load_dataset

    ds = load_dataset(str(out), "seeds", split="train")
    bank = load_bank()
    assert len(ds) == len(bank) == report["configs"]["seeds"]["rows"]
    row = ds.filter(lambda r: r["problem_id"] == bank.seeds[0].id)[0]
    assert row["harness"] == bank.seeds[0].harness and len(row["impls"]) == len(bank.seeds[0].impls)
