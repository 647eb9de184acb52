"""The "No CoT" (thinking-off) suite: same programs and sampling as dataracebench, a prompt that asks for the answer
with no reasoning, and answers in that form score like any other."""

from __future__ import annotations

import pytest

from pcwm.evals.suites import load_suite
from pcwm.evals.tasks import dataracebench as suite_drb


@pytest.mark.needs_data("dataracebench")
def test_no_cot_prompt_asks_for_no_reasoning(bench):
    cot, no_cot = load_suite("dataracebench"), load_suite("dataracebench-no-cot")
    assert no_cot.sampling.n == cot.sampling.n == 16 and no_cot.sampling.temperature == 0.6
    assert no_cot.programs == cot.programs
    _, with_cot = suite_drb.prepare(cot, bench("dataracebench"))
    _, without = suite_drb.prepare(no_cot, bench("dataracebench"))
    text, base = without[0].messages[0]["content"], with_cot[0].messages[0]["content"]
    assert "<think>" in base and "<think>" not in text and "Step 1: Think" not in text
    assert "Do not think step by step" in text and "no reasoning" in text
    assert without[0].meta["shown_source"] == with_cot[0].meta["shown_source"]  # the same program, shown the same way
    answer = '<answer>\nHere is a list of data races that ThreadSanitizer will catch:\n\n[]\n</answer>'
    assert suite_drb.parse_prediction(answer)["parsed"]
