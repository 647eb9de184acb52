"""Training options a user relies on: LoRA (adapter or merged) and resuming an interrupted run."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from pcwm.train.config import load_and_check

REPO = Path(__file__).resolve().parents[3]
TINY = "recipes/tiny/tsan/sft.yaml"


def _args(tmp_path, smoke_dataset_dir, *extra):
    return load_and_check(TINY, ["--dataset_name", str(smoke_dataset_dir), "--output_dir", str(tmp_path / "out"),
                                 "--push_to_hub_revision", "false", "--disable_tqdm", "true", *extra])


@pytest.fixture(autouse=True)
def _setup(monkeypatch, one_thread, tiny_model_dir):
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("merge", [False, True])
def test_lora_saves_an_adapter_or_a_merged_model_that_reloads(tmp_path, smoke_dataset_dir, merge):
    from transformers import AutoModelForCausalLM

    args = _args(tmp_path, smoke_dataset_dir, "--use_peft", "true", "--lora_r", "8", "--max_steps", "2",
                 "--merge_adapter", str(merge).lower(), "--eval_hook", "heldout", "--eval_limit", "1",
                 "--eval_max_new_tokens", "4")
    from pcwm.train.sft import main

    metrics = main(*args, recipe=TINY)
    out = Path(args[1].output_dir)
    assert metrics["heldout_n"] == 1  # the hook reloaded the saved folder and generated
    if merge:
        assert (out / "model.safetensors").exists() and not (out / "adapter_config.json").exists()
    else:
        assert (out / "adapter_model.safetensors").exists() and not (out / "config.json").exists()
    assert AutoModelForCausalLM.from_pretrained(out) is not None
    assert f"library_name: {'transformers' if merge else 'peft'}" in (out / "README.md").read_text()


def test_rerun_resumes_from_the_last_checkpoint(tmp_path, smoke_dataset_dir, caplog):
    from pcwm.train.sft import main

    save = ["--save_strategy", "steps", "--save_steps", "1", "--eval_hook", "heldout", "--eval_limit", "1",
            "--eval_max_new_tokens", "2"]
    main(*_args(tmp_path, smoke_dataset_dir, "--max_steps", "3", *save), recipe=TINY)
    first = json.loads((tmp_path / "out" / "trainer_state.json").read_text())["log_history"]
    with caplog.at_level(logging.WARNING, logger="pcwm.train.sft"):
        main(*_args(tmp_path, smoke_dataset_dir, "--max_steps", "5", *save), recipe=TINY)
    assert "resuming from" in caplog.text and "checkpoint-3" in caplog.text
    state = json.loads((tmp_path / "out" / "trainer_state.json").read_text())
    assert state["global_step"] == 5
    # steps 1-3 come from the first run (a 3-step cosine schedule: lr at step 3 is half the peak); a fresh 5-step
    # run would have logged 0.85 of the peak there
    lr = [h["learning_rate"] for h in state["log_history"] if "loss" in h]
    assert len(lr) == 5 and lr[:3] == [h["learning_rate"] for h in first if "loss" in h]
    assert lr[2] == pytest.approx(0.5 * 3e-3)
