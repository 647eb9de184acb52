"""Model cards: what a user needs to know about a pushed model, in valid Hub card metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcwm.train.config import load_and_check
from pcwm.train.publish import hyperparameters, read_eval_results, render_card, write_card

REPO = Path(__file__).resolve().parents[3]
RECIPE = "recipes/qwen2.5-7b-instruct/tsan/sft.yaml"


@pytest.fixture
def paper_args(monkeypatch):
    monkeypatch.chdir(REPO)
    return load_and_check(RECIPE, ["--use_cpu", "true"])


def _card(text: str):
    from huggingface_hub import ModelCard

    return ModelCard(text)


def test_full_finetune_card_states_base_data_hyperparameters_and_limits(paper_args):
    script_args, training_args, model_args = paper_args
    text = render_card(script_args, training_args, model_args, recipe=RECIPE, n_train=1234,
                       train_metrics={"train_loss": 0.61})
    card = _card(text)
    assert card.data.base_model == "Qwen/Qwen2.5-7B-Instruct"
    assert card.data.datasets == [script_args.dataset_name] and card.data.license == "apache-2.0"
    assert card.data.library_name == "transformers" and "tsan" in card.data.tags
    for needle in ("# pcwm/qwen2.5-7b-instruct-tsan", "full fine-tune", f"`{RECIPE}`", "1234 training examples",
                   f"revision `{script_args.dataset_revision}`", "| learning rate | 1e-05 |", "| scheduler | cosine |",
                   "betas 0.9, 0.95", "| weight decay | 0.0001 |", "| max length | 16384 |", "| precision | bf16 |",
                   "train_loss = 0.61", "## Intended use", "## Limits", "No evaluation results", "parse_tsan",
                   'revision="v1"'):
        assert needle in text, needle


def test_lora_card_says_adapter_and_eval_results_are_shown(paper_args, tmp_path):
    script_args, training_args, model_args = paper_args
    model_args.use_peft, model_args.load_in_4bit, model_args.lora_r = True, True, 64
    script_args.tool = "caliper"
    results = {"heldout_n": 8, "heldout_rank_accuracy": 0.625}
    text = render_card(script_args, training_args, model_args, eval_results=results)
    card = _card(text)
    assert card.data.library_name == "peft"
    assert [(e.metric_type, e.metric_value, e.dataset_split) for e in card.data.eval_results] == [
        ("rank_accuracy", 0.625, "test")]  # held-out metrics are model-index entries; heldout_n is not a metric
    assert "QLoRA" in text and "r 64" in text and "| quantisation | 4-bit |" in text
    assert "| heldout_rank_accuracy | 0.625 |" in text and "Caliper" in text and "parse_workpct_pair" in text
    write_card(tmp_path, text)
    assert (tmp_path / "README.md").read_text() == text
    (tmp_path / "eval_results.json").write_text('{"drb_accuracy": 0.7}')
    assert read_eval_results(tmp_path) == {"drb_accuracy": 0.7}


def test_effective_batch_counts_processes(paper_args, monkeypatch):
    # The recipe: per_device_train_batch_size 1, gradient_accumulation_steps 4; its header launches it with
    # recipes/accelerate/zero3.yaml (num_processes 8) and says "batch 8 x 1 x 4 = 32 sequences".
    script_args, training_args, model_args = paper_args
    keys = ("per-device batch", "gradient accumulation", "processes", "effective batch")
    hp = hyperparameters(training_args, model_args)
    assert tuple(hp[k] for k in keys) == (1, 4, 1, 4)
    monkeypatch.setattr(type(training_args), "world_size", property(lambda self: 8))  # what 8 launched processes see
    hp = hyperparameters(training_args, model_args)
    assert tuple(hp[k] for k in keys) == (1, 4, 8, 32)
    text = render_card(script_args, training_args, model_args, recipe=RECIPE)
    assert "| processes | 8 |" in text and "| effective batch | 32 |" in text
