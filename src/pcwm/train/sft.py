"""Supervised fine-tuning of a Parallel-Code World Model (open-r1 shape).

The world model learns `p([CoT, outcome] | code)`: TRL's `SFTTrainer` with the loss on the completion only.

Usage:

# CPU smoke run (tiny local model, seed-bank data labelled by TSan here)
pcwm train --recipe recipes/tiny/tsan/sft.yaml

# One node of 8 GPUs, DeepSpeed ZeRO-3 through accelerate (the first line of each recipe says the same)
accelerate launch --config_file recipes/accelerate/zero3.yaml -m pcwm.train.sft \\
    --config recipes/qwen2.5-7b-instruct/tsan/sft.yaml [--learning_rate 2e-5 ...]
"""

from __future__ import annotations

import logging
import os
import sys

from pcwm import stopping
from pcwm.models.tiny import tiny_model_path
from pcwm.train.config import TINY_MODEL, RecipeError, check_recipe, default_hub_model_id, resolve_eval_hook

logger = logging.getLogger(__name__)


def resolve_model_path(name: str) -> str:
    """`tiny` is built locally by pcwm.models.tiny; any other name is a Hub id or a local folder."""
    if name == TINY_MODEL:
        return str(tiny_model_path())
    return name


def get_tokenizer(model_args, training_args):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(
        resolve_model_path(model_args.model_name_or_path), revision=model_args.model_revision,
        trust_remote_code=training_args.trust_remote_code,
    )
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def get_model(model_args, training_args):
    """The base model in the recipe's dtype; quantised for QLoRA when load_in_4bit/8bit is set."""
    import torch
    from transformers import AutoModelForCausalLM
    from trl import get_quantization_config

    dtype = model_args.dtype if model_args.dtype in ("auto", None) else getattr(torch, model_args.dtype)
    quantization_config = get_quantization_config(model_args)
    device_map = None
    if quantization_config is not None:  # a quantised model lives on this process's device, never sharded
        from accelerate import PartialState

        device_map = {"": PartialState().local_process_index}
    return AutoModelForCausalLM.from_pretrained(
        resolve_model_path(model_args.model_name_or_path), revision=model_args.model_revision,
        trust_remote_code=training_args.trust_remote_code, attn_implementation=model_args.attn_implementation,
        dtype=dtype, use_cache=not getattr(training_args, "activation_checkpointing", False),
        device_map=device_map, quantization_config=quantization_config,
    )


def _setup_logging(training_args) -> None:
    import datasets
    import transformers

    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=[
            logging.StreamHandler(sys.stderr)])
    level = training_args.get_process_log_level()
    logger.setLevel(level)
    logging.getLogger("pcwm").setLevel(level)
    datasets.utils.logging.set_verbosity(level)
    transformers.utils.logging.set_verbosity(level)


def _last_checkpoint(training_args) -> str | None:
    from transformers.trainer_utils import get_last_checkpoint

    if training_args.resume_from_checkpoint is not None:
        return training_args.resume_from_checkpoint
    if os.path.isdir(training_args.output_dir):
        last = get_last_checkpoint(training_args.output_dir)
        if last is not None:
            logger.warning("checkpoint found, resuming from %s", last)
        return last
    return None


def build_trainer(script_args, training_args, model_args):
    """The SFTTrainer for a checked recipe: data loaded and masked, overlong rows dropped, model and LoRA set."""
    from trl import SFTTrainer, get_peft_config

    from pcwm.train.data import configure_loss_mask, drop_overlong, load_sft_dataset

    dataset = load_sft_dataset(script_args)
    train = dataset[script_args.dataset_train_split]
    fmt = configure_loss_mask(train.column_names, training_args)
    logger.info("dataset %s@%s: %s, format %s", script_args.dataset_name, script_args.dataset_revision,
                {k: len(v) for k, v in dataset.items()}, fmt)
    if training_args.eval_hook == "heldout" and script_args.dataset_test_split not in dataset:
        raise RecipeError(f"eval_hook heldout needs a {script_args.dataset_test_split!r} split: the dataset has "
                          f"{list(dataset)}; set dataset_test_size (e.g. 0.02) to hold out problems")
    tokenizer = get_tokenizer(model_args, training_args)
    eval_split = None
    if training_args.eval_strategy != "no":
        if script_args.dataset_test_split not in dataset:
            raise RecipeError(f"eval_strategy is {training_args.eval_strategy} but the dataset has no "
                              f"{script_args.dataset_test_split!r} split")
        eval_split = dataset[script_args.dataset_test_split]
    if script_args.drop_overlong:
        train = drop_overlong(train, tokenizer, training_args.max_length, training_args.dataset_num_proc)
        if eval_split is not None:
            eval_split = drop_overlong(eval_split, tokenizer, training_args.max_length, training_args.dataset_num_proc)
    return SFTTrainer(
        model=get_model(model_args, training_args), args=training_args, train_dataset=train,
        eval_dataset=eval_split, processing_class=tokenizer, peft_config=get_peft_config(model_args),
    )


def _save(trainer, training_args, model_args) -> None:
    if model_args.use_peft and training_args.merge_adapter:
        merged = trainer.model.merge_and_unload()
        if trainer.accelerator.is_main_process:
            merged.save_pretrained(training_args.output_dir)
            trainer.processing_class.save_pretrained(training_args.output_dir)
    else:
        trainer.save_model(training_args.output_dir)
    adapter_only = model_args.use_peft and not training_args.merge_adapter
    if trainer.accelerator.is_main_process and not adapter_only:  # an adapter folder must not hold a config.json
        trainer.model.config.use_cache = True  # fast inference for whoever loads it
        trainer.model.config.save_pretrained(training_args.output_dir)
    logger.info("model saved to %s", training_args.output_dir)


def _after_training(trainer, script_args, training_args, model_args, train_metrics, recipe) -> dict:
    """Eval hook, model card and push (main process only). Returns the eval results (possibly empty)."""
    from pcwm.io import write_json_atomic
    from pcwm.train.publish import EVAL_RESULTS, push_model, read_eval_results, render_card, write_card

    out = training_args.output_dir
    results = read_eval_results(out)  # e.g. left by `pcwm eval` in a resumed run
    if training_args.do_eval and trainer.eval_dataset is not None:
        results.update({k: round(v, 4) for k, v in trainer.evaluate().items() if k == "eval_loss"})
    trainer.accelerator.wait_for_everyone()
    if not trainer.accelerator.is_main_process:
        return results
    if training_args.eval_hook:
        try:
            results.update(resolve_eval_hook(training_args.eval_hook)(out, script_args, training_args))
        except Exception:  # the trained model is saved: report the hook's failure, still write the card and push
            logger.exception("eval hook %s failed; the model in %s is kept and published without its results",
                             training_args.eval_hook, out)
    if results:
        write_json_atomic(os.path.join(out, EVAL_RESULTS), results)
    card = render_card(script_args, training_args, model_args, recipe=recipe, n_train=len(trainer.train_dataset),
                       train_metrics=train_metrics, eval_results=results)
    write_card(out, card)
    if training_args.push_to_hub_revision:
        data = f"{script_args.dataset_name}@{script_args.dataset_revision}"
        push_model(out, training_args.hub_model_id, training_args.hub_model_revision,
                   private=training_args.hub_private_repo, commit_message=f"pcwm train {recipe or ''} ({data})")
    return results


def _checkpoint_on_stop():
    """A callback that, once SIGINT/SIGTERM reached pcwm, saves a checkpoint at the end of the current step and ends
    training; `_last_checkpoint` resumes from it on the next run."""
    from transformers import TrainerCallback

    class CheckpointOnStop(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            if stopping.requested():
                logger.warning("stop requested: saving a checkpoint at step %d and ending training", state.global_step)
                control.should_save = True
                control.should_training_stop = True
            return control

    return CheckpointOnStop()


def main(script_args, training_args, model_args, recipe: str | None = None) -> dict:
    """Train, save, evaluate (optional hook), write the card, push at a revision. Returns the final metrics."""
    from transformers import set_seed

    problems = check_recipe(script_args, training_args, model_args)
    if problems:
        raise RecipeError("; ".join(problems))
    training_args.hub_model_id = training_args.hub_model_id or default_hub_model_id(
        model_args.model_name_or_path, script_args.tool)
    set_seed(training_args.seed)
    _setup_logging(training_args)
    if training_args.push_to_hub_revision:
        from pcwm.train.publish import check_hub_access

        check_hub_access()  # fail now, not after training
    trainer = build_trainer(script_args, training_args, model_args)
    trainer.add_callback(_checkpoint_on_stop())
    with stopping.on_stop(lambda signum: None):  # the callback ends training at the next step, with a checkpoint
        train_result = trainer.train(resume_from_checkpoint=_last_checkpoint(training_args))
    if stopping.requested():
        raise KeyboardInterrupt("stopped after saving a checkpoint")  # the CLI exits 130; a rerun resumes from it
    metrics = {k: round(v, 4) if isinstance(v, float) else v for k, v in train_result.metrics.items()}
    metrics["train_samples"] = len(trainer.train_dataset)
    trainer.log_metrics("train", metrics)
    trainer.save_metrics("train", metrics)
    trainer.save_state()
    _save(trainer, training_args, model_args)
    card_metrics = {k: metrics[k] for k in ("train_loss", "train_runtime", "train_samples") if k in metrics}
    results = _after_training(trainer, script_args, training_args, model_args, card_metrics, recipe)
    if hasattr(trainer, "end"):  # transformers >= 5.18: finish trackers, tear down the process group
        trainer.end()
    return {**metrics, **results}


if __name__ == "__main__":
    from pcwm.train.config import load_train_recipe, recipe_parser

    config = sys.argv[sys.argv.index("--config") + 1] if "--config" in sys.argv else None
    if config:
        load_train_recipe(config)  # unknown keys and bad pcwm values: one line naming the file and the key
    script_args, training_args, model_args = recipe_parser().parse_args_and_config()
    with stopping.stop_guard():  # under `accelerate launch`, Slurm signals every rank; each stops at a step end
        main(script_args, training_args, model_args, recipe=config)
