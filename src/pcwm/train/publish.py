"""After training: the model card (rendered from `model_card.md.j2` next to this module) and the push to the Hub.

The card states the base model, dataset and revision, hyper-parameters, eval results when present (from the eval
hook or an `eval_results.json` in the output folder), intended use and limits. Its metadata is huggingface_hub's
ModelCardData; the eval hook's held-out metrics are model-index entries (EvalResult), and `pcwm eval publish` adds
benchmark scores to the pushed card later. The push sends the
output folder (weights, tokenizer, card; never intermediate checkpoints) to `hub_model_id` at `hub_model_revision`
through huggingface_hub's public API, so `HF_ENDPOINT`/`HF_TOKEN` decide where it goes.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pcwm.hub import HubError
from pcwm.io import write_text_atomic
from pcwm.train.config import SMOKE_DATASET, TINY_MODEL

log = logging.getLogger(__name__)

CARD_TEMPLATE = Path(__file__).with_name("model_card.md.j2")
EVAL_RESULTS = "eval_results.json"
UPLOAD_IGNORE = ["checkpoint-*", "runs/*", ".*", "*.tmp-*"]
_TOOL = {
    "tsan": dict(tool_long="ThreadSanitizer data races", tool_short="ThreadSanitizer (with Archer)",
                 answer_hint="a JSON list of races with their type and code locations, `[]` for none",
                 intended="is this code racy, and where?", parser="parse_tsan",
                 prompt_builder='tsan_prompt(open("my_code.c").read(), "my_code.c", "c")',
                 tool_config="clang-16 -fopenmp -fsanitize=thread -g -O0, libomp + Archer"),
    "caliper": dict(tool_long="Caliper OpenMP work percentage", tool_short="Caliper",
                    answer_hint="work % per parallel region at 4/16/64/128 threads, for a pair of codes",
                    intended="which of two implementations keeps its threads busier?", parser="parse_workpct_pair",
                    prompt_builder='pair_prompt(open("a.c").read(), open("b.c").read(), [4, 16, 64, 128])',
                    tool_config="Caliper runtime-profile with OMPT, clang + libomp"),
}


def _hub_url(name: str, kind: str) -> str:
    if name in (TINY_MODEL, SMOKE_DATASET) or Path(name).exists():
        return ""  # local: no link
    return f"https://huggingface.co/{'datasets/' if kind == 'dataset' else ''}{name}"


def hyperparameters(training_args, model_args) -> dict:
    """The settings that define the run, as shown in the card."""
    world = getattr(training_args, "world_size", 1)
    hp = {
        "epochs": training_args.num_train_epochs if training_args.max_steps <= 0 else "-",
        "max steps": training_args.max_steps if training_args.max_steps > 0 else "-",
        "learning rate": training_args.learning_rate,
        "scheduler": str(getattr(training_args.lr_scheduler_type, "value", training_args.lr_scheduler_type)),
        "warmup": training_args.warmup_steps,
        "optimizer": f"{getattr(training_args.optim, 'value', training_args.optim)} (betas "
                     f"{training_args.adam_beta1}, {training_args.adam_beta2}, eps {training_args.adam_epsilon})",
        "weight decay": training_args.weight_decay,
        "per-device batch": training_args.per_device_train_batch_size,
        "gradient accumulation": training_args.gradient_accumulation_steps,
        "processes": world,
        "effective batch": training_args.per_device_train_batch_size * training_args.gradient_accumulation_steps
        * world,
        "max length": training_args.max_length,
        "precision": "bf16" if training_args.bf16 else "fp16" if training_args.fp16 else "fp32",
        "model dtype": model_args.dtype,
        "packing": training_args.packing,
        "seed": training_args.seed,
    }
    if model_args.use_peft:
        hp["LoRA"] = (f"r {model_args.lora_r}, alpha {model_args.lora_alpha}, dropout {model_args.lora_dropout}, "
                      f"targets {model_args.lora_target_modules or 'default'}")
        hp["quantisation"] = "4-bit" if model_args.load_in_4bit else "8-bit" if model_args.load_in_8bit else "none"
    return hp


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("pcwm", "trl", "transformers", "torch", "peft"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out


def read_eval_results(output_dir: str | Path) -> dict:
    p = Path(output_dir) / EVAL_RESULTS
    return json.loads(p.read_text()) if p.exists() else {}


def heldout_results(script_args, eval_results: dict) -> list:
    """The eval hook's held-out metrics (`heldout_<metric>`) as model-index EvalResults on the dataset's test split;
    benchmark scores are added later by `pcwm eval publish`."""
    from huggingface_hub import EvalResult

    return [EvalResult(task_type="text-generation", task_name="Held-out rows of the training dataset",
                       dataset_type=script_args.dataset_name, dataset_name=script_args.dataset_name,
                       dataset_config=script_args.dataset_config or None, dataset_split="test",
                       dataset_revision=script_args.dataset_revision or None,
                       metric_type=k.removeprefix("heldout_"), metric_value=v)
            for k, v in eval_results.items()
            if k.startswith("heldout_") and k != "heldout_n" and type(v) in (int, float)]


def render_card(script_args, training_args, model_args, *, recipe: str | None = None, n_train: int | None = None,
                train_metrics: dict | None = None, eval_results: dict | None = None) -> str:
    """The README.md of the pushed model."""
    import jinja2

    tool = script_args.tool
    base = model_args.model_name_or_path
    adapter = bool(model_args.use_peft and not training_args.merge_adapter)
    from huggingface_hub import ModelCardData

    meta = ModelCardData(
        base_model=base, datasets=[script_args.dataset_name], library_name="peft" if adapter else "transformers",
        pipeline_tag="text-generation", tags=["pcwm", "world-model", "openmp", tool, "sft", "trl"],
        license=training_args.model_card_license or None,
        model_name=(training_args.hub_model_id or "pcwm-model").split("/")[-1],
        eval_results=heldout_results(script_args, eval_results or {}) or None)
    method = "full fine-tune" if not model_args.use_peft else (
        "QLoRA" if model_args.load_in_4bit or model_args.load_in_8bit else "LoRA")
    if adapter:
        method += " (this repo holds the adapter; load it on top of the base model)"
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(CARD_TEMPLATE.read_text()).render(
        metadata=meta.to_yaml(), repo_id=training_args.hub_model_id,
        revision=training_args.hub_model_revision, base_model=base, base_model_url=_hub_url(base, "model"),
        base_model_revision=model_args.model_revision, dataset=script_args.dataset_name,
        dataset_url=_hub_url(script_args.dataset_name, "dataset"), dataset_revision=script_args.dataset_revision,
        dataset_config=script_args.dataset_config,
        n_train=n_train if n_train is not None else "?", method=method, recipe=recipe or "(command line)",
        hyperparameters=hyperparameters(training_args, model_args), train_metrics=train_metrics or {},
        versions=_versions(), eval_results=eval_results or {}, max_length=training_args.max_length,
        eval_note=("Held-out rows of the training dataset's test split (same distribution as training); benchmark "
                   "scores come from `pcwm eval`." if any(k.startswith("heldout_") for k in (eval_results or {}))
                   else ""),
        **_TOOL[tool],
    )


def write_card(output_dir: str | Path, text: str) -> Path:
    path = Path(output_dir) / "README.md"
    write_text_atomic(path, text)
    return path


def check_hub_access() -> str:
    """The user name the Hub endpoint knows us as; raises HubError before hours of training are spent."""
    from huggingface_hub import HfApi, constants

    try:
        return HfApi().whoami()["name"]
    except Exception as exc:  # network, auth and endpoint errors all mean the push would fail
        raise HubError(f"push_to_hub_revision is set but the Hub at {constants.ENDPOINT} refused whoami "
                           f"({type(exc).__name__}: {exc}); set HF_TOKEN (and HF_ENDPOINT for a private hub), "
                           "or pass --push_to_hub_revision false") from exc


def push_model(output_dir: str | Path, repo_id: str, revision: str = "main", *, private: bool | None = None,
               commit_message: str | None = None) -> str:
    """Uploads output_dir to repo_id at branch `revision` (created from main when missing); returns the commit id."""
    from huggingface_hub import HfApi

    api = HfApi()
    api.create_repo(repo_id, repo_type="model", private=private, exist_ok=True)
    if revision != "main":
        api.create_branch(repo_id, branch=revision, repo_type="model", exist_ok=True)
    info = api.upload_folder(
        repo_id=repo_id, repo_type="model", folder_path=str(output_dir), revision=revision,
        commit_message=commit_message or f"pcwm train: {Path(output_dir).name}", ignore_patterns=UPLOAD_IGNORE,
    )
    log.info("pushed %s to %s@%s (%s)", output_dir, repo_id, revision, info.oid)
    return info.oid
