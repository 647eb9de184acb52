"""The SFT path for real on CPU: tiny model, small real dataset (seed-bank programs labelled by TSan here).

Proves what the paper's recipe relies on: the loss is computed on [CoT, outcome] only (prompt labels are -100 on a
collated batch), training lowers it, and the saved model reloads and generates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pcwm.train.config import load_and_check

REPO = Path(__file__).resolve().parents[3]
TINY = "recipes/tiny/tsan/sft.yaml"


@pytest.fixture
def recipe_args(tmp_path, smoke_dataset_dir, tiny_model_dir, one_thread, monkeypatch):
    monkeypatch.chdir(REPO)
    return load_and_check(TINY, [
        "--dataset_name", str(smoke_dataset_dir), "--output_dir", str(tmp_path / "out"),
        "--push_to_hub_revision", "false", "--eval_hook", "heldout", "--eval_max_new_tokens", "16",
        "--max_steps", "10", "--disable_tqdm", "true", "--logging_steps", "1",
    ])


def test_smoke_dataset_is_real_tsan_output(smoke_dataset_dir):
    from datasets import load_from_disk

    from pcwm.worldmodel.outcomes import parse_tsan, think_block

    ds = load_from_disk(str(smoke_dataset_dir))
    assert len(ds["train"]) >= 8 and len(ds["test"]) >= 2
    rows = list(ds["train"]) + list(ds["test"])
    statuses = {r["provenance"]["sandbox_status"] for r in rows}
    assert statuses >= {"ok", "race"}, statuses  # both outcomes occur: the label comes from TSan, not the name
    for r in rows:
        completion = r["completion"][0]["content"]
        races = parse_tsan(completion)
        assert bool(races) == (r["provenance"]["sandbox_status"] == "race") == r["has_race"]
        assert think_block(completion)
        assert r["prompt"][0]["role"] == "user" and "```" in r["prompt"][0]["content"]
        assert r["code_name"] == "generated.c" if r["language"] == "c" else "generated.cpp"
    kinds = {(r["provenance"]["source_kind"], r["provenance"]["mutation_operator"]) for r in rows}
    assert kinds == {("seed_impl", None), ("mutation", "drop_reduction")}  # the offline engine's candidates
    seeds = lambda split: {r["provenance"]["problem_id"] for r in ds[split]}  # noqa: E731
    assert not seeds("train") & seeds("test")  # split by seed: no program of a test seed is trained on


def _prompt_len(tokenizer, example) -> int:
    return len(tokenizer.apply_chat_template(example["prompt"], add_generation_prompt=True, tokenize=True,
                                             return_dict=False))


@pytest.mark.parametrize("view", ["prompt_completion", "messages"])
def test_prompt_tokens_are_masked_from_the_loss(recipe_args, view):
    from datasets import load_from_disk

    from pcwm.train.sft import build_trainer

    script_args, training_args, model_args = recipe_args
    script_args.dataset_view = view  # messages: assistant_only_loss is switched on for it
    trainer = build_trainer(script_args, training_args, model_args)
    assert training_args.assistant_only_loss == (view == "messages")
    raw = load_from_disk(script_args.dataset_name)["train"]
    batch = trainer.data_collator([trainer.train_dataset[i] for i in range(3)])
    tok = trainer.processing_class
    for i in range(3):
        n_prompt = _prompt_len(tok, raw[i])
        labels, ids, attn = batch["labels"][i], batch["input_ids"][i], batch["attention_mask"][i]
        assert (labels[:n_prompt] == -100).all()
        trained_at = (labels != -100).nonzero().flatten()
        # one contiguous block right after the prompt (a template's trailing newline may follow it, unlabelled)
        assert trained_at[0] == n_prompt and (trained_at.diff() == 1).all() and len(trained_at) > 10
        assert (attn[trained_at] == 1).all() and (labels[trained_at] == ids[trained_at]).all()
        text = tok.decode(labels[trained_at])
        assert text.startswith("<think>") and "</answer>" in text  # exactly [CoT, outcome] (+ end of turn)


def _mean_completion_loss(model, trainer) -> float:
    """Mean next-token loss over the completion tokens of the whole training set (prompt labels are -100)."""
    import torch

    rows = [trainer.train_dataset[i] for i in range(len(trainer.train_dataset))]
    losses = []
    with torch.no_grad():
        for start in range(0, len(rows), 4):
            batch = trainer.data_collator(rows[start:start + 4])
            losses.append(model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                                labels=batch["labels"]).loss.item())
    return sum(losses) / len(losses)


def test_train_lowers_loss_then_save_reload_generate(recipe_args, tiny_model_dir):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from pcwm.train.sft import build_trainer, main

    script_args, training_args, model_args = recipe_args
    data = build_trainer(script_args, training_args, model_args)  # the tokenized, masked training set
    loss_before = _mean_completion_loss(AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval(), data)
    metrics = main(script_args, training_args, model_args, recipe=TINY)

    out = training_args.output_dir
    tok = AutoTokenizer.from_pretrained(out)
    model = AutoModelForCausalLM.from_pretrained(out).eval()  # reload what was saved
    loss_after = _mean_completion_loss(model, data)
    assert loss_after < loss_before - 0.5, (loss_before, loss_after)
    assert metrics["train_loss"] > 0 and metrics["heldout_n"] == 2 * 2  # 2 held-out seeds x 2 programs

    enc = tok.apply_chat_template([{"role": "user", "content": "int x;"}], add_generation_prompt=True,
                                  return_tensors="pt", return_dict=True)
    with torch.no_grad():
        gen = model.generate(**enc, max_new_tokens=8, do_sample=False)
    assert gen.shape[1] > enc["input_ids"].shape[1]
    card = (Path(out) / "README.md").read_text()
    assert "base_model: tiny" in card and "heldout_race_accuracy" in card
