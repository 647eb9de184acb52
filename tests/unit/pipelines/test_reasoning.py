"""One split of teacher responses into (reasoning, answer) for every real shape, and the leak filter on realistic
teacher text (sentences that must pass as well as ones that must not)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pcwm.pipelines.compat import reasoning_of
from pcwm.pipelines.parsing import answer_matches
from pcwm.pipelines.reasoning import compose, leak_reason, split_response
from pcwm.worldmodel import outcomes

ANSWER = outcomes.render_tsan([{"type": "read/write race", "code_locations": ["generated.c:9", "generated.c:12"]}])
FINAL = f"<answer>\n{ANSWER}\n</answer>"
COT = "Line 9 reads sum while line 12 writes it from every thread without a reduction clause."


@pytest.mark.parametrize("text,shape", [
    (compose(COT, FINAL), "think_block"),                       # vLLM reasoning field folded in by compat
    (f"{COT}\n</think>\n\n{FINAL}", "closing_tag"),             # QwQ-32B without a parser
    (f"<think>\n{COT}\n</think>\n{FINAL}", "think_block"),      # both tags written
    ("<|start|>assistant<|channel|>analysis<|message|>" + COT + "<|end|><|start|>assistant<|channel|>final"
     "<|message|>" + FINAL + "<|return|>", "harmony"),           # GPT-OSS channels without a parser
])
def test_every_shape_gives_the_cot_and_the_answer(text, shape):
    split = split_response(text)
    assert split.shape == shape and split.cot == COT and split.answer == ANSWER
    assert answer_matches(text, ANSWER) == (True, "")


def test_infilled_cot_wins_over_the_private_reasoning():
    private = "The user wants a chain of thought that reaches the provided answer. Fine."
    text = compose(private, f"<think>\n{COT}\n</think>\n{FINAL}")
    split = split_response(text)
    assert split.reasoning == private and split.cot == COT
    assert answer_matches(text, ANSWER) == (True, "")
    # without an in-filled block the private reasoning is the CoT, and the leak filter catches it
    assert answer_matches(compose(private, FINAL), ANSWER) == (False, "leak_given_outcome")


def test_rejections_name_the_reason():
    assert answer_matches(None, ANSWER) == (False, "no_response")
    assert answer_matches(FINAL, ANSWER) == (False, "no_reasoning")           # content only, reasoning lost
    assert answer_matches(f"<think>\n{COT}", ANSWER) == (False, "no_reasoning")  # cut while reasoning
    assert answer_matches(compose(COT, None), ANSWER) == (False, "no_answer")  # token limit hit in the reasoning
    wrong = FINAL.replace("generated.c:12", "generated.c:13")
    assert answer_matches(compose(COT, wrong), ANSWER) == (False, "mismatch")


def test_reasoning_field_names_current_and_older_servers():
    assert reasoning_of(SimpleNamespace(reasoning="a", content="b")) == "a"
    assert reasoning_of(SimpleNamespace(reasoning=None, reasoning_content="c", content="b")) == "c"
    extra = SimpleNamespace(content="b", model_extra={"reasoning_content": "d"})
    assert reasoning_of(extra) == "d"
    assert reasoning_of(SimpleNamespace(content="b")) is None


LEAKING = [
    "Since the given answer reports a read/write race at line 14, the update of sum must be unsynchronized.",
    "The provided outcome lists two races, so let me find the lines that cause them.",
    "We are told that ThreadSanitizer catches a race here, so the critical section must be missing.",
    "Okay, the user wants me to explain why TSan reports the race on hist[b].",
    "The instructions say I must not mention that I already know the answer, so I'll walk through the loop.",
    "According to the provided measurements, code 1 has the higher work percentage at 64 threads.",
    "I need to in-fill a chain of thought that ends with the races listed.",
    "I already know the outcome: no race. Still, let me check each line.",
    "The answer that was given says there are no races, which matches the reduction clause.",
    "My reasoning must lead to the correct answer, i.e. the race at line 22.",
    "Without prior knowledge of the report one would check the shared counter first.",
    "The target work percentages are 96 and 76, which fits the static schedule.",
]
CLEAN = [
    "We are given an OpenMP program that sums an array; the given code uses a parallel for with a reduction.",
    "The expected result of the loop is the dot product; each thread computes its own partial sum.",
    "Line 14 writes to result[i] and i is private, so no two threads write the same element.",
    "The correct result requires that the accumulator is combined after the loop, which the reduction clause does.",
    "The provided input array is only read inside the parallel region, so reads cannot race with each other.",
    "ThreadSanitizer would report a race only if two threads access the same location and one of them writes.",
    "At 128 threads each thread gets very few iterations, so the barrier at the end dominates the work percentage.",
    "The user-provided size n is read before the parallel region starts.",
]


@pytest.mark.parametrize("text", LEAKING)
def test_leak_filter_drops_cots_that_cite_the_outcome(text):
    assert leak_reason(f"Let me look at the code line by line. {text} Then the loop ends.") is not None


@pytest.mark.parametrize("text", CLEAN)
def test_leak_filter_keeps_reasoning_from_the_code(text):
    assert leak_reason(text) is None
