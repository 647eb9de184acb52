"""Data loading rules (views, loss mask, overlong rows) and the eval hook's scorers on frozen answers."""

from __future__ import annotations

import pytest

from pcwm.train.config import RecipeError
from pcwm.train.data import configure_loss_mask, drop_overlong, prompt_messages, select_view, sft_format
from pcwm.train.evaluate import score_caliper_pair, score_tsan
from pcwm.worldmodel.outcomes import RegionWork, render_tsan_answer, render_workpct_pair


def _dd(rows):
    from datasets import Dataset, DatasetDict

    return DatasetDict({"train": Dataset.from_list(rows)})


ROW = {"prompt": [{"role": "user", "content": "code"}], "completion": [{"role": "assistant", "content": "x"}],
       "messages": [{"role": "user", "content": "code"}, {"role": "assistant", "content": "x"}], "id": "a"}


def test_select_view_keeps_one_format():
    assert select_view(_dd([ROW]), "prompt_completion")["train"].column_names == ["prompt", "completion"]
    assert select_view(_dd([ROW]), "messages")["train"].column_names == ["messages"]
    only_messages = {"messages": ROW["messages"]}
    with pytest.raises(RecipeError, match="set dataset_view: messages"):
        select_view(_dd([only_messages]), "prompt_completion")


def test_loss_mask_per_format():
    class Args:
        assistant_only_loss = False

    args = Args()
    assert configure_loss_mask(["prompt", "completion"], args) == "prompt_completion"
    assert args.assistant_only_loss is False  # TRL masks the prompt by default for this format
    assert configure_loss_mask(["messages"], args) == "messages" and args.assistant_only_loss is True
    with pytest.raises(RecipeError, match="expected prompt"):
        sft_format(["text"])


def test_prompt_messages_for_both_formats():
    assert prompt_messages(ROW) == (ROW["prompt"], "x")
    assert prompt_messages({"messages": ROW["messages"]}) == (ROW["messages"][:1], "x")


def test_drop_overlong_drops_rows_that_would_lose_their_outcome(tiny_model_dir):
    from datasets import Dataset
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    long = dict(ROW, completion=[{"role": "assistant", "content": "#pragma omp parallel for " * 200}])
    ds = Dataset.from_list([ROW, long]).select_columns(["prompt", "completion"])
    kept = drop_overlong(ds, tok, 128)
    assert len(kept) == 1 and kept[0]["completion"] == ROW["completion"]
    with pytest.raises(RecipeError, match="every row"):
        drop_overlong(ds, tok, 4)


RACE = [{"type": "write/write race", "code_locations": ["generated.c:9"]}]


@pytest.mark.parametrize("response, expected", [
    (render_tsan_answer(RACE), {"parsed": 1.0, "race_accuracy": 1.0, "exact_match": 1.0}),
    (render_tsan_answer([{"type": "read/write race", "code_locations": ["generated.c:3"]}]),
     {"parsed": 1.0, "race_accuracy": 1.0, "exact_match": 0.0}),
    (render_tsan_answer([]), {"parsed": 1.0, "race_accuracy": 0.0, "exact_match": 0.0}),
    ("<think>I am not sure", {"parsed": 0.0, "race_accuracy": 0.0, "exact_match": 0.0}),
])
def test_score_tsan(response, expected):
    assert score_tsan(response, "<think>t</think>\n" + render_tsan_answer(RACE)) == expected


def test_score_caliper_pair_ranks_per_thread_count():
    ref = render_workpct_pair([RegionWork("a", {4: 90, 16: 60})], [RegionWork("b", {4: 80, 16: 70})])
    same_order = render_workpct_pair([RegionWork("a", {4: 95, 16: 50})], [RegionWork("b", {4: 10, 16: 60})])
    half = render_workpct_pair([RegionWork("a", {4: 95, 16: 50})], [RegionWork("b", {4: 10, 16: 20})])
    assert score_caliper_pair(f"<answer>{ref}</answer>", ref) == {"parsed": 1.0, "rank_accuracy": 1.0}
    assert score_caliper_pair(f"<answer>{same_order}</answer>", ref) == {"parsed": 1.0, "rank_accuracy": 1.0}
    assert score_caliper_pair(f"<answer>{half}</answer>", ref) == {"parsed": 1.0, "rank_accuracy": 0.5}
    swapped = render_workpct_pair([RegionWork("a", {4: 10, 16: 90})], [RegionWork("b", {4: 20, 16: 10})])
    assert score_caliper_pair(swapped, ref) == {"parsed": 1.0, "rank_accuracy": 0.0}
    assert score_caliper_pair("no idea", ref)["parsed"] == 0.0
