"""Samples -> one prediction: majority verdict, confidence, vote shares; unparseable answers are never "no race".
Also: the prediction prompt is the evaluation suites' prompt, byte for byte."""

from __future__ import annotations

import pytest

from pcwm.predict import SHOWN_NAME
from pcwm.predict.aggregate import aggregate_tsan, aggregate_workpct, consensus_races, locate_snippet, reasoning_of
from pcwm.predict.generation import build_prompt
from pcwm.worldmodel.outcomes import RegionWork, render_tsan_answer, render_workpct_pair

RW = "read/write race"
WW = "write/write race"


def answer(races, cot="The loop reads a[i+1] while another thread writes it."):
    return f"<think>\n{cot}\n</think>\n{render_tsan_answer(races)}"


def test_majority_verdict_confidence_and_vote_shares():
    texts = [
        answer([{"type": RW, "code_locations": ["generated.c:64", "generated.c:64"]}]),
        answer([{"type": RW, "code_locations": ["generated.c:64"]},
                {"type": WW, "code_locations": ["generated.c:70", "generated.c:71"]}]),
        answer([]),
        "I am fairly sure there is no race here.",  # no list at all: unparseable, not "no race"
    ]
    agg = aggregate_tsan(texts, rename={"generated.c": "drb001.c"})
    assert agg["verdict"] == "race"
    assert agg["confidence"] == pytest.approx(2 / 3)
    assert agg["errors"][3] is not None and agg["samples"][3] is None
    votes = {tuple(r.code_locations): (r.votes, round(r.share, 3), r.type) for r in agg["races"]}
    assert votes == {("drb001.c:64",): (2, 0.667, RW), ("drb001.c:70", "drb001.c:71"): (1, 0.333, WW)}
    consensus = consensus_races(agg["races"], agg["verdict"])
    assert [r.code_locations for r in consensus] == [["drb001.c:64"]]


def test_all_unparseable_gives_no_verdict():
    agg = aggregate_tsan(["", "<answer>the code is fine</answer>", "<think>hmm</think>"])
    assert agg["verdict"] is None and agg["confidence"] is None
    assert all(agg["errors"]) and agg["races"] == []


def test_tie_counts_as_race_with_half_confidence():
    agg = aggregate_tsan([answer([]), answer([{"type": WW, "code_locations": ["generated.c:5"]}])])
    assert agg["verdict"] == "race" and agg["confidence"] == 0.5


def test_unanimous_no_race():
    agg = aggregate_tsan([answer([])] * 3)
    assert agg["verdict"] == "no race" and agg["confidence"] == 1.0
    assert consensus_races(agg["races"], agg["verdict"]) == []


def test_reasoning_is_the_think_block_or_the_text_before_the_answer():
    assert reasoning_of(answer([], cot="Line 5 is private.")) == "Line 5 is private."
    assert reasoning_of("Thread 0 writes x.\n<answer>[]</answer>") == "Thread 0 writes x."


CODE = """#include <omp.h>
void f(int n, double *a, double *b) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++) a[i] = 2 * b[i];
#pragma omp parallel for schedule(dynamic)
  for (int i = 0; i < n; i++) b[i] += a[i];
}
"""


def pair_answer(p1, p2, q1, q2):
    first = [RegionWork("#pragma omp parallel for schedule(static)\n  for (...)", {4: p1, 16: p2}),
             RegionWork("#pragma omp parallel for schedule(dynamic)", {4: q1, 16: q2})]
    return f"<think>balanced</think>\n<answer>\n{render_workpct_pair(first, first)}\n</answer>"


def test_workpct_median_spread_and_region_lines():
    texts = [pair_answer(90, 60, 80, 40), pair_answer(96, 70, 84, 50), pair_answer(93, 64, 70, 45), "no numbers"]
    agg = aggregate_workpct(texts, CODE)
    assert agg["confidence"] == 1.0 and agg["errors"][3] is not None
    r1, r2 = agg["regions"]
    assert (r1.line, r2.line) == (3, 5)
    assert r1.work_pct == {4: 93, 16: 64} and r1.low == {4: 90, 16: 60} and r1.high == {4: 96, 16: 70}
    assert r2.work_pct == {4: 80, 16: 45} and r2.samples == 3


def test_locate_snippet_ignores_whitespace_and_misses_cleanly():
    assert locate_snippet("   #pragma  omp parallel for schedule(dynamic)\n", CODE) == 5
    assert locate_snippet("#pragma omp task", CODE) is None


# ---------------------------------------------------------------- the prompt is the suites' prompt


@pytest.mark.parametrize("name", ["DRB001-antidep1-orig-yes.c", "DRB086-static-data-member-orig-yes.cpp"])
@pytest.mark.parametrize("strip", [False, True])
def test_tsan_prompt_equals_the_dataracebench_suite_prompt(drb, name, strip):
    from pcwm.evals.drb import load_programs
    from pcwm.evals.tasks.dataracebench import SHOWN_NAME as SUITE_SHOWN
    from pcwm.evals.tasks.dataracebench import program_prompt
    from pcwm.worldmodel.prompts import strip_comments

    assert SUITE_SHOWN == SHOWN_NAME
    prog = next(p for p in load_programs(drb(name).parent) if p.name == name)
    suite = program_prompt("tsan_predict.j2", prog, strip=strip)
    source = prog.path.read_text(errors="replace")
    lang = "cpp" if name.endswith(".cpp") else "c"
    ours = build_prompt("tsan", strip_comments(source) if strip else source, SHOWN_NAME[lang], lang)
    assert ours.messages == suite.messages


def test_workpct_prompt_equals_the_caliper_suite_prompt():
    from pcwm.evals.tasks.pareval_caliper import pair_prompt

    other = CODE.replace("dynamic", "guided")
    pair = {"item_id": "x", **{k: {"problem": "p", "solution_id": k, "source": s, "source_hash": k}
                               for k, s in (("a", CODE), ("b", other))}}
    suite = pair_prompt("workpct_pair.j2", pair, [4, 16, 64, 128])
    ours = build_prompt("workpct", CODE, "generated.c", "c", vs=other, threads=(4, 16, 64, 128))
    assert ours.messages == suite.messages
