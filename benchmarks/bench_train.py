"""Training throughput of the tiny CPU recipe (recipes/tiny/tsan/sft.yaml): tokens per second through TRL's SFTTrainer.

Same code path as `pcwm train` (pcwm.train.sft.build_trainer: smoke dataset labelled by TSan, tiny Qwen2 model,
completion-only loss); no eval hook and no push. Tokens are the non-padding tokens the model saw (TRL's
`num_tokens`); "loss tokens" are the completion tokens the loss was computed on. Figures vary with machine load (other
processes make OpenMP spin-waits collapse), so run it on a quiet machine.

    python benchmarks/bench_train.py [--steps 12] [--threads 1,2] [--batch 4]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
RECIPE = REPO / "recipes" / "tiny" / "tsan" / "sft.yaml"


def one_run(threads: int, batch: int, steps: int, lora: bool, out: str) -> dict:
    import torch

    from pcwm.train.config import load_and_check
    from pcwm.train.sft import build_trainer

    torch.set_num_threads(threads)
    overrides = ["--output_dir", out, "--max_steps", str(steps), "--per_device_train_batch_size", str(batch),
                 "--push_to_hub_revision", "false", "--disable_tqdm", "true", "--logging_steps", "1",
                 "--use_peft", str(lora).lower(), "--lora_r", "16"]
    script_args, training_args, model_args = load_and_check(RECIPE, overrides)
    trainer = build_trainer(script_args, training_args, model_args)
    labels = trainer.train_dataset["labels"]
    loss_tokens_per_row = sum(sum(x != -100 for x in row) for row in labels) / len(labels)
    t0 = time.perf_counter()
    result = trainer.train()
    wall = time.perf_counter() - t0
    tokens = max(h.get("num_tokens", 0) for h in trainer.state.log_history)
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    examples = steps * batch
    return {"wall": wall, "tokens": tokens, "tok_s": tokens / wall, "steps_s": steps / wall,
            "loss_tok_s": loss_tokens_per_row * examples / wall,
            "loss": f"{losses[0]:.2f} -> {losses[-1]:.2f}", "train_loss": result.training_loss,
            "params": sum(p.numel() for p in trainer.model.parameters() if p.requires_grad)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--threads", default="1,2", help="torch threads per run, comma-separated")
    ap.add_argument("--batch", type=int, default=4, help="per-device batch (sequences)")
    args = ap.parse_args(argv)
    os.chdir(REPO)
    runs = [(int(t), False) for t in args.threads.split(",")] + [(int(args.threads.split(",")[0]), True)]
    table = Table(title=f"tiny CPU SFT: {args.steps} steps, batch {args.batch} (recipes/tiny/tsan/sft.yaml)")
    for col in ("mode", "threads", "trainable params", "wall s", "tokens", "tokens/s", "loss tokens/s", "steps/s",
                "loss first -> last"):
        table.add_column(col, justify="right")
    for threads, lora in runs:
        with tempfile.TemporaryDirectory(prefix="pcwm-bench-train-") as out:
            r = one_run(threads, args.batch, args.steps, lora, out)
        table.add_row("LoRA r16" if lora else "full", str(threads), f"{r['params'] / 1e6:.2f}M", f"{r['wall']:.1f}",
                      str(int(r["tokens"])), f"{r['tok_s']:.0f}", f"{r['loss_tok_s']:.0f}", f"{r['steps_s']:.2f}",
                      r["loss"])
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
