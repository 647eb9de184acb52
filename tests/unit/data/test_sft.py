"""SFT views: the completion is [CoT, outcome] and the evaluation parsers read it back."""

from __future__ import annotations

import pytest

from pcwm.data import sft
from pcwm.worldmodel import outcomes

RACES = [{"type": "write/write race", "code_locations": ["drop.c:12"]},
         {"type": "read/write race", "code_locations": ["drop.c:9", "drop.c:12"]}]


def test_completion_is_cot_then_outcome_and_parses_back():
    text = sft.completion_text(sft.tsan_answer(RACES), "hist[b] is updated by every thread without atomics.")
    assert text.index("<think>") < text.index("</think>") < text.index("<answer>")
    assert outcomes.think_block(text) == "hist[b] is updated by every thread without atomics."
    assert sft.race_key(outcomes.parse_tsan(text)) == sft.race_key(RACES)


def test_no_cot_completion_is_the_answer_block_only():
    text = sft.completion_text(sft.tsan_answer([]), None)
    assert "<think>" not in text and outcomes.parse_tsan(text) == []


def test_prompt_is_the_eval_suites_world_model_prompt():
    from pcwm.worldmodel.prompts import render

    code = "int main(void) { return 0; }\n"
    assert sft.tsan_prompt(code, "gen.c", "c") == render("tsan_predict.j2", file_name="gen.c", lang="c", code=code)


def test_views_are_conversational_for_trl():
    from trl.data_utils import is_conversational

    row = sft.views("question", "<answer>\n[]\n</answer>")
    assert row["messages"] == row["prompt"] + row["completion"]
    assert is_conversational({"prompt": row["prompt"], "completion": row["completion"]})
    assert is_conversational({"messages": row["messages"]})


def test_clean_cot_takes_the_think_block_of_a_full_response():
    text, answer = sft.clean_cot("<think>\nstep 1\n</think>\n<answer>\nHere is a list ...\n\n[]\n</answer>")
    assert text == "step 1" and answer.endswith("[]")
    assert sft.clean_cot("plain reasoning") == ("plain reasoning", None)
    with pytest.raises(sft.CotError):
        sft.clean_cot("  ")


def test_teacher_answer_must_match_the_tool_outcome():
    sft.check_tsan_cot(outcomes.render_tsan(RACES), RACES)
    with pytest.raises(sft.CotError, match="differs"):
        sft.check_tsan_cot(outcomes.render_tsan([]), RACES)


def test_training_view_selects_one_format():
    from datasets import Dataset

    ds = Dataset.from_list([{"id": "a", **sft.views("q", "a")}])
    assert sft.training_view(ds).column_names == ["prompt", "completion"]
    assert sft.training_view(ds, "messages").column_names == ["messages"]
    with pytest.raises(ValueError, match="unknown SFT view"):
        sft.training_view(ds, "text")
