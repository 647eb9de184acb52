"""Each step alone (`load()`, then `process([...])`) on real seed data, real TSan, the real tiny model."""

from __future__ import annotations

import json

import pytest

from pcwm.config import ModelSpec
from pcwm.models.llms import build_llm
from pcwm.pipelines.steps import (
    CandidateGeneration,
    CandidateRecords,
    FormatSFT,
    HarnessGeneration,
    HindsightCoT,
    LoadSeedBank,
    MakePairs,
    MutationCandidates,
    NoHindsightCoT,
    NoHindsightFilteredCoT,
    PairCoT,
    ProblemVariants,
    Sandbox,
)
from pcwm.pipelines.steps.sandbox import CANDIDATE_COLUMNS
from pcwm.worldmodel import outcomes

TINY = {"provider": "tiny", "torch_threads": 1, "generation": {"max_new_tokens": 16}}


def _run(step, *inputs):
    step.load()
    return [row for batch in step.process(*inputs) for row in batch]


def _gen(step_cls, **kw):
    kw.setdefault("llm", build_llm(ModelSpec(**TINY), name="tiny"))
    return step_cls(name=step_cls.__name__.lower(), **kw)


@pytest.fixture(scope="module")
def labelled(axpy_rows):
    """The seed's implementations and their drop_reduction mutants, run under TSan at 4 threads."""
    cands = _run(MutationCandidates(name="m", operators=["drop_reduction"], max_sites=1), axpy_rows)
    return _run(Sandbox(name="s", threads=[4], jobs=2), cands)


def test_load_seed_bank_batches_filters_and_errors():
    step = LoadSeedBank(name="l", domains=["sparse"], limit=3, batch_size=2)
    step.load()
    batches = list(step.process())
    assert [len(b) for b, _ in batches] == [2, 1] and [last for _, last in batches] == [False, True]
    rows = [r for b, _ in batches for r in b]
    assert all(r["domain"] == "sparse" and r["seed_impls"] for r in rows)
    assert rows == sorted(rows, key=lambda r: r["seed_id"])
    assert [r["seed_id"] for b, _ in step.process(offset=2) for r in b] == [rows[2]["seed_id"]]  # resume offset
    bad = LoadSeedBank(name="l2", ids=["sparse/no_such_seed"])
    with pytest.raises(ValueError, match="no_such_seed"):
        bad.load()


def test_mutation_candidates_originals_and_mutants(axpy_rows):
    rows = _run(MutationCandidates(name="m", operators=["drop_reduction", "schedule_change"], max_sites=1),
                axpy_rows)
    assert all(set(r) == set(CANDIDATE_COLUMNS) for r in rows)
    originals = [r for r in rows if r["generator"] == "seed"]
    assert len(originals) == len(axpy_rows[0]["seed_impls"])
    assert {r["mutation_operator"] for r in rows} >= {None, "drop_reduction", "schedule_change"}
    assert {r["expected_label"] for r in rows if r["mutation_operator"] == "drop_reduction"} == {"race"}
    only = _run(MutationCandidates(name="m2", mutate=False), axpy_rows)
    assert [r["origin"] for r in only] == [r["origin"] for r in originals]
    with pytest.raises(ValueError, match="unknown mutation operator"):
        MutationCandidates(name="m3", operators=["drop_everything"]).load()


def test_sandbox_labels_candidates_with_real_tsan(labelled):
    by = {r["origin"].rsplit("/", 1)[-1]: r for r in labelled}
    assert {r["status"] for r in labelled if r["generator"] == "seed"} == {"ok"}
    racy = [r for r in labelled if r["mutation_operator"] == "drop_reduction"]
    assert racy and all(r["status"] == "race" for r in racy)
    r = racy[0]
    races = json.loads(r["races"])
    assert races and all(loc.startswith("generated.c:") for x in races for loc in x["code_locations"])
    assert outcomes.parse_tsan(r["outcome"]) == races  # the answer body round-trips
    assert "//" not in r["code"] and "/*" not in r["code"]  # comments blanked, line numbers kept
    assert r["code"].count("\n") == r["candidate"].count("\n") + (not r["candidate"].endswith("\n"))
    assert by["original"]["outcome"] == outcomes.render_tsan([])


def test_sandbox_records_candidate_failures_as_statuses(axpy_rows):
    from pcwm.pipelines.steps.mutations import candidate_row

    broken = candidate_row(axpy_rows[0], candidate="double axpy_norm(int n) { return syntax error }",
                           origin="t/broken", generator="test")
    [row] = _run(Sandbox(name="s", threads=[4]), [broken])
    assert row["status"] == "compile_error" and row["outcome"] is None and row["races"] == "[]"
    assert "error" in json.loads(row["sandbox_result"])["compile_stderr"]


def test_format_sft_no_cot_drops_non_labels(labelled, axpy_rows):
    from pcwm.worldmodel.prompts import render

    bad = dict(labelled[0], status="compile_error", outcome=None)
    rows = _run(FormatSFT(name="f", mode="no_cot"), [*labelled, bad])
    assert len(rows) == len(labelled)
    r = rows[0]
    # no-CoT rows are prompted with the thinking-off prompt (the one the no-CoT suite scores with)
    assert r["prompt"] == render("tsan_predict_no_cot.j2", file_name=r["file_name"], lang="c", code=r["code"])
    assert "Do not think step by step" in r["prompt"] and "<think>" not in r["prompt"]
    assert outcomes.parse_tsan(r["completion"]) == json.loads(r["races"])
    assert r["messages"][1] == {"role": "assistant", "content": r["completion"]}
    recs = _run(CandidateRecords(name="c"), [*labelled, bad])
    assert len(recs) == len(labelled) + 1


def test_hindsight_cot_accepts_only_the_verbatim_outcome(labelled, echo_teacher_cls):
    ok = _run(HindsightCoT(name="h", llm=echo_teacher_cls()), labelled)
    assert len(ok) == len(labelled) and all(r["cot_accepted"] for r in ok)
    sft = _run(FormatSFT(name="f", mode="hindsight"), ok)
    assert len(sft) == len(ok)
    assert sft[0]["completion"].startswith("<think>\nLine by line")
    assert outcomes.parse_tsan(sft[0]["completion"]) == json.loads(sft[0]["races"])
    wrong = _run(HindsightCoT(name="h2", llm=echo_teacher_cls(wrong=True)), labelled)
    assert not any(r["cot_accepted"] for r in wrong) and {r["cot_rejection"] for r in wrong} == {"mismatch"}
    assert _run(FormatSFT(name="f2", mode="hindsight"), wrong) == []  # dropped
    no_think = _run(HindsightCoT(name="h3", llm=echo_teacher_cls(think=False)), labelled[:1])
    assert no_think[0]["cot_rejection"] == "no_reasoning"


def test_hindsight_cot_with_the_tiny_model_runs_and_rejects(labelled):
    rows = _run(_gen(HindsightCoT, num_generations=2), labelled[:2])
    assert len(rows) == 4 and all(r["cot_model"] == "tiny" for r in rows)
    assert not any(r["cot_accepted"] for r in rows)  # noise never reaches the outcome


def test_no_hindsight_cot_keeps_every_cot_and_the_filtered_variant_compares_race_sets(labelled, echo_teacher_cls):
    racy = next(r for r in labelled if r["status"] == "race")
    step = NoHindsightCoT(name="n", llm=echo_teacher_cls())
    filtered = NoHindsightFilteredCoT(name="nf", llm=echo_teacher_cls())
    step.load()
    filtered.load()
    assert "Here is a list" not in step.format_input(racy)[0]["content"].split("# Instructions")[0]
    truth = json.loads(racy["races"])
    swapped = [{"type": r["type"], "code_locations": r["code_locations"][::-1]} for r in truth]  # order-insensitive
    right = f"<think>\nx\n</think>\n{outcomes.render_tsan_answer(swapped)}"
    wrong = f"<think>\nx\n</think>\n{outcomes.render_tsan_answer([])}"
    unparseable = "<think>x</think><answer>none</answer>"
    # the paper's ablation: the CoT is kept as is, whatever the teacher predicted (agreement only recorded)
    assert [step.format_output(t, racy)["cot_agrees"] for t in (right, wrong, unparseable)] == [True, False, None]
    assert all(step.format_output(t, racy)["cot_accepted"] for t in (right, wrong, unparseable))
    assert step.format_output("<answer>[]</answer>", racy)["cot_rejection"] == "no_reasoning"
    # the filtered variant: only a right prediction is kept
    assert filtered.format_output(right, racy)["cot_accepted"]
    assert filtered.format_output(wrong, racy)["cot_rejection"] == "wrong_outcome"
    assert filtered.format_output(unparseable, racy)["cot_rejection"] == "unparseable"
    rows = _run(filtered, labelled)  # echoing the prompt's format example is never the observed outcome here
    assert len(rows) == len(labelled) and not any(r["cot_accepted"] for r in rows)
    assert all(r["cot_accepted"] for r in _run(step, labelled))


def test_problem_variants_parses_and_expands(axpy_rows):
    step = _gen(ProblemVariants, num_variants=2, include_seed=True)
    parsed = step.format_output("<variant_1>\nSum of squares.\n</variant_1>\n<variant_2>\nFloat AXPY.\n</variant_2>")
    assert parsed == {"variants": ["Sum of squares.", "Float AXPY."]}
    rows = _run(step, axpy_rows)  # the tiny model writes no parseable variant: only the seed is kept
    assert rows[0]["problem_id"] == axpy_rows[0]["seed_id"] and rows[0]["seed_harness"] == axpy_rows[0]["harness"]


def test_harness_generation_validates_in_the_sandbox(axpy_rows):
    step = _gen(HarnessGeneration)
    seed = axpy_rows[0]
    assert step._validate(dict(seed)) == "ok"  # the seed's own harness and reference pass
    broken = dict(seed, harness=seed["harness"].replace("PCWM_CHECK PASS", "PCWM_CHECK FAIL forced"))
    assert step._validate(broken) != "ok"
    text = f"<reference>\n```c\n{seed['reference']}```\n</reference>\n<harness>\n```c\n{seed['harness']}```\n</harness>"
    assert step.format_output(text, seed)["harness_status"] == "unchecked"
    row = dict(seed, seed_problem=seed["problem"], seed_harness=seed["harness"], seed_reference=seed["reference"])
    assert _run(step, [row]) == []  # the tiny model's harness is unparseable: dropped


def test_candidate_generation_parses_k_and_keeps_failures_as_rows(axpy_rows):
    step = _gen(CandidateGeneration, k=2)
    impl = axpy_rows[0]["seed_impls"][0]["source"]
    text = (f"<implementation_1>\nStrategy: reduction\n```c\n{impl}```\n</implementation_1>\n"
            f"<implementation_2>\nStrategy: same\n```c\n{impl}```\n</implementation_2>")
    out = step.format_output(text, axpy_rows[0])
    assert [i["strategy"] for i in out["implementations"]] == ["reduction", "same"]
    rows = _run(step, axpy_rows)
    assert rows and all(set(r) >= set(CANDIDATE_COLUMNS) for r in rows)
    assert rows[0]["generator"] == "tiny" and rows[0]["origin"].startswith("dense_linalg/axpy_norm/tiny/")


def test_workpct_sandbox_pairs_and_pair_cot(axpy_rows, echo_teacher_cls):
    cands = _run(MutationCandidates(name="m", mutate=False), axpy_rows)[:2]
    profiled = _run(Sandbox(name="w", tool="workpct", profile_threads=[2], profile_repeats=1,
                            profile_backend="ompt", jobs=1), cands)
    assert {r["status"] for r in profiled} == {"ok"}
    assert all(outcomes.parse_workpct(r["outcome"]) for r in profiled)
    pairs = _run(MakePairs(name="p"), profiled)
    assert len(pairs) == 1
    a, b = outcomes.parse_workpct_pair(pairs[0]["pair_answer"])
    assert a and b and pairs[0]["threads"] == [2]
    cot = _run(PairCoT(name="pc", llm=echo_teacher_cls()), pairs)
    assert cot[0]["cot_accepted"]
    sft = _run(FormatSFT(name="f", mode="pair"), cot)
    assert outcomes.parse_workpct_pair(sft[0]["completion"])[0][0].work_pct == a[0].work_pct
