"""Recipe dataclasses for `pcwm train`: TRL's three argument classes plus the fields pcwm needs, and their checks.

A recipe (`recipes/<model>/<tool>/sft.yaml`) is one flat YAML mapping parsed by TRL's `TrlParser` into
`(SFTScriptArguments, SFTConfig, trl.ModelConfig)`; command-line flags override the YAML (`default < YAML < CLI`).
Before TRL reads it, the file is validated by `TrainRecipe`, a `pcwm.yamlconf.Strict` model: every key of the three
dataclasses is allowed (TRL's and transformers' own keys are type-checked by TRL's parser right after), pcwm's keys
are typed here with `Literal` choices, and anything else is an error naming the file and the key.
`check_recipe` adds the pcwm rules across keys.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import trl
from pydantic import Field, create_model

from pcwm.models.tiny import OLD_NAMES, TINY
from pcwm.resources import resolve_path
from pcwm.yamlconf import ConfigError, Strict, load_yaml

TOOLS = ("tsan", "caliper")
SFT_VIEWS = ("prompt_completion", "messages")  # the views of pcwm.data.sft
# Reserved names that resolve to local artefacts (nothing downloaded): the tiny model of `pcwm.models.tiny` and the
# small seed-bank dataset of `pcwm.train.smoke_data`. Every other name is a Hub id or a local path.
TINY_MODEL = TINY
SMOKE_DATASET = "pcwm-seed-smoke"
BUILTIN_EVAL_HOOKS = ("heldout",)


class RecipeError(ConfigError):
    """A recipe that cannot be parsed or breaks a pcwm rule; the message names the recipe and the problem."""


@dataclass
class SFTScriptArguments(trl.ScriptArguments):
    """Which data to train on. `dataset_name` is a Hub id (read at `dataset_revision`), a local dataset folder
    (`save_to_disk` output or a folder of parquet/jsonl files), or `pcwm-seed-smoke` for the CPU smoke dataset."""

    tool: str = field(default="tsan", metadata={"help": "Tool the world model mimics: tsan | caliper."})
    dataset_view: str = field(
        default="prompt_completion",
        metadata={"help": "SFT view trained on when the data has both: prompt_completion (TRL masks the prompt) or "
                          "messages (assistant_only_loss with a {% generation %} chat template)."},
    )
    dataset_revision: str = field(default="main",
                                  metadata={"help": "Hub revision (branch, tag or commit) of the data."})
    dataset_test_size: float = field(
        default=0.0,
        metadata={"help": "When the data has no test split: hold out this fraction of the problems (by problem id) "
                          "as one, for eval_strategy or the heldout eval hook. 0 = train on everything."},
    )
    drop_overlong: bool = field(
        default=True,
        metadata={"help": "Drop examples longer than max_length instead of truncating them (a truncated example "
                          "loses its outcome, the part the model must learn)."},
    )
    smoke_seeds: int = field(default=8, metadata={"help": "Seeds used by the pcwm-seed-smoke dataset."})


@dataclass
class SFTConfig(trl.SFTConfig):
    """TRL's SFTConfig plus the after-training steps: eval hook, model card, push at a revision (open-r1 style)."""

    hub_model_revision: str = field(default="main", metadata={"help": "Hub revision (branch) the model is pushed to."})
    push_to_hub_revision: bool = field(
        default=False,
        metadata={"help": "After training, push output_dir (weights, tokenizer, card) to hub_model_id at "
                          "hub_model_revision. Default hub_model_id: pcwm/<model>-<tool>."},
    )
    eval_hook: str | None = field(
        default=None,
        metadata={"help": "After training: 'heldout' (generate on the test split and score the outcomes) or "
                          "'package.module:function' called as fn(model_dir, script_args, training_args) -> dict."},
    )
    eval_limit: int = field(default=64, metadata={"help": "Examples the eval hook scores (0 = all)."})
    eval_max_new_tokens: int = field(default=4096, metadata={"help": "Generation budget per example in the hook."})
    merge_adapter: bool = field(
        default=False, metadata={"help": "With use_peft: merge the LoRA adapter into the base weights before saving."}
    )
    model_card_license: str | None = field(
        default=None, metadata={"help": "License id for the card (the base model's license)."}
    )


class PcwmTrainKeys(Strict):
    """The keys pcwm adds to TRL's dataclasses, typed (None: not given, the dataclass default applies), plus TRL's
    `env` (environment variables TrlParser sets)."""

    env: dict[str, str | int | float | bool] | None = None
    tool: Literal["tsan", "caliper"] | None = None
    dataset_view: Literal["prompt_completion", "messages"] | None = None
    dataset_revision: str | None = None
    dataset_test_size: float | None = Field(None, ge=0, lt=1)
    drop_overlong: bool | None = None
    smoke_seeds: int | None = Field(None, ge=1)
    hub_model_revision: str | None = Field(None, min_length=1)
    push_to_hub_revision: bool | None = None
    eval_hook: str | None = None
    eval_limit: int | None = Field(None, ge=0)
    eval_max_new_tokens: int | None = Field(None, ge=1)
    merge_adapter: bool | None = None
    model_card_license: str | None = None


def _trl_keys() -> dict[str, Any]:
    """Every other init field of the three dataclasses, as an untyped optional key (TrlParser checks its type)."""
    own = set(PcwmTrainKeys.model_fields)
    return {f.name: (Any, None) for cls in (SFTScriptArguments, SFTConfig, trl.ModelConfig)
            for f in dataclasses.fields(cls) if f.init and f.name not in own}


TrainRecipe = create_model("TrainRecipe", __base__=PcwmTrainKeys, __module__=__name__, **_trl_keys())
TrainRecipe.__doc__ = "recipes/<model>/<tool>/sft.yaml: the keys of TRL's three dataclasses, pcwm's typed."


def load_train_recipe(path: str | Path) -> PcwmTrainKeys:
    """The recipe file validated as `TrainRecipe`; RecipeError naming the file and the key on any problem."""
    try:
        return load_yaml(path, TrainRecipe)
    except ConfigError as exc:
        raise RecipeError(str(exc)) from None


def recipe_parser():
    return trl.TrlParser((SFTScriptArguments, SFTConfig, trl.ModelConfig))


def parse_recipe(recipe: str | Path | None, overrides: Sequence[str] = ()) -> tuple:
    """(script_args, training_args, model_args) from a recipe YAML and `--key value` overrides."""
    args = list(overrides)
    if recipe is not None:
        path = resolve_path(recipe)
        if not path.is_file():
            raise RecipeError(f"recipe not found: {path}")
        load_train_recipe(path)
        args = ["--config", str(path), *args]
    try:
        return recipe_parser().parse_args_and_config(args)
    except ValueError as exc:
        raise RecipeError(f"{recipe}: {exc}") from exc


def default_hub_model_id(model_name_or_path: str, tool: str) -> str:
    """`pcwm/<model>-<tool>`, the model part being the last path component, lower-cased."""
    return f"pcwm/{Path(str(model_name_or_path).rstrip('/')).name.lower()}-{tool}"


def check_recipe(script_args, training_args, model_args) -> list[str]:
    """The pcwm rules a recipe must follow beyond its types; returns the problems (empty when fine)."""
    problems = []
    if not script_args.dataset_name:
        problems.append("dataset_name is required")
    if not model_args.model_name_or_path:
        problems.append("model_name_or_path is required")
    if model_args.model_name_or_path in OLD_NAMES:
        problems.append(f"model_name_or_path: the tiny test model is called `{TINY}` now")
    if script_args.dataset_view not in SFT_VIEWS:
        problems.append(f"dataset_view must be one of {SFT_VIEWS}, got {script_args.dataset_view!r}")
    if script_args.tool not in TOOLS:
        problems.append(f"tool must be one of {TOOLS}, got {script_args.tool!r}")
    if training_args.completion_only_loss is False:
        problems.append("completion_only_loss: false trains on the prompt too; the paper's loss is completion-only")
    if training_args.push_to_hub:
        problems.append("push_to_hub pushes every checkpoint to main; use push_to_hub_revision (one push of the "
                        "final model with its card, at hub_model_revision)")
    if (model_args.load_in_4bit or model_args.load_in_8bit) and not model_args.use_peft:
        problems.append("load_in_4bit/load_in_8bit (QLoRA) needs use_peft: true (quantised weights are frozen)")
    if training_args.merge_adapter and not model_args.use_peft:
        problems.append("merge_adapter needs use_peft: true")
    if training_args.hub_model_id and "/" not in training_args.hub_model_id:
        problems.append(f"hub_model_id must be <namespace>/<name>, got {training_args.hub_model_id!r}")
    if not training_args.hub_model_revision:
        problems.append("hub_model_revision must not be empty")
    if training_args.eval_hook:
        try:
            resolve_eval_hook(training_args.eval_hook)
        except (ImportError, AttributeError, ValueError) as exc:
            problems.append(f"eval_hook {training_args.eval_hook!r}: {exc}")
    if training_args.max_length is not None and training_args.max_length < 64:
        problems.append(f"max_length {training_args.max_length} is too short for a program and its outcome")
    return problems


def resolve_eval_hook(spec: str):
    """The callable behind an eval_hook spec: a built-in name or `package.module:function`."""
    if spec in BUILTIN_EVAL_HOOKS:
        from pcwm.train.evaluate import heldout_outcome_eval

        return heldout_outcome_eval
    if ":" not in spec:
        raise ValueError(f"expected one of {BUILTIN_EVAL_HOOKS} or 'package.module:function'")
    module, _, name = spec.partition(":")
    fn = getattr(importlib.import_module(module), name)
    if not callable(fn):
        raise ValueError(f"{spec} is not callable")
    return fn


def load_and_check(recipe: str | Path | None, overrides: Sequence[str] = ()) -> tuple:
    """Parse and check a recipe; fills the derived defaults (hub_model_id). Raises RecipeError on any problem."""
    script_args, training_args, model_args = parse_recipe(recipe, overrides)
    problems = check_recipe(script_args, training_args, model_args)
    if problems:
        raise RecipeError(f"{recipe}: " + "; ".join(problems))
    if not training_args.hub_model_id:
        training_args.hub_model_id = default_hub_model_id(model_args.model_name_or_path, script_args.tool)
    return script_args, training_args, model_args


def check_recipe_file(path: str | Path, script_args, training_args, model_args) -> list[str]:
    """Rules for a shipped recipe file: the path is its identity and its first line says hardware and launch."""
    path = Path(path)
    problems = []
    first = path.read_text().splitlines()[0] if path.read_text().strip() else ""
    if not first.startswith("#") or "launch" not in first and "pcwm train" not in first:
        problems.append("first line must be a comment giving the hardware and the launch command")
    elif str(path.as_posix()).split("recipes/")[-1] not in first:
        problems.append(f"the launch command on the first line must name the recipe itself ({path.as_posix()})")
    if path.name == "sft.yaml" and path.parent.name != script_args.tool:
        problems.append(f"recipe folder {path.parent.name!r} must equal its tool {script_args.tool!r}")
    model_dir = path.parent.parent.name
    expected_out = f"{model_dir}/{script_args.tool}/sft"
    if not str(training_args.output_dir).rstrip("/").endswith(expected_out):
        problems.append(f"output_dir {training_args.output_dir!r} must follow the recipe path (.../{expected_out})")
    return problems


def validate_recipe(path: str | Path, *, skip_hardware_checks: bool | None = None) -> tuple:
    """Parse and check a recipe file without loading a model or data. On a machine without a GPU the hardware checks
    of TrainingArguments (bf16 needs a GPU) are skipped by validating with `use_cpu=True`."""
    if skip_hardware_checks is None:
        import torch

        skip_hardware_checks = not torch.cuda.is_available()
    overrides = ["--use_cpu", "true"] if skip_hardware_checks else []
    parsed = load_and_check(path, overrides)
    problems = check_recipe_file(path, *parsed)
    if problems:
        raise RecipeError(f"{path}: " + "; ".join(problems))
    return parsed
