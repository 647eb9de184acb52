"""`pcwm train`: fine-tune a world model from a recipe, or check recipes.

    pcwm train --recipe recipes/tiny/tsan/sft.yaml [--max_steps 5 --learning_rate 1e-4 ...]
    pcwm train --recipe recipes/qwen2.5-7b-instruct/tsan/sft.yaml --accelerate-config recipes/accelerate/zero3.yaml
    pcwm train validate [recipes/**/sft.yaml ...]

Recipe keys are overridden with `--set key=value` (as in every pcwm command that reads YAML) or, as in TRL's
scripts, with `--key value` after the pcwm options. `pcwm train --recipe ...` is short for `pcwm train run ...`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import typer

from pcwm.cli.options import DefaultCommandGroup, set_option
from pcwm.errors import ExitCode, PcwmError
from pcwm.train.launch import accelerate_command
from pcwm.yamlconf import parse_override

train_app = typer.Typer(
    cls=DefaultCommandGroup, no_args_is_help=True,
    help="Fine-tune world models with TRL: `pcwm train --recipe recipes/<model>/<tool>/sft.yaml [--key value ...]` "
         "(short for `pcwm train run ...`); `pcwm train validate` checks recipes.")

_EXTRA = {"allow_extra_args": True, "ignore_unknown_options": True}


@train_app.command("run", context_settings=_EXTRA)
def run(
    ctx: typer.Context,
    recipe: Path = typer.Option(..., "--recipe", "-r", help="Recipe YAML (recipes/<model>/<tool>/sft.yaml)."),
    accelerate_config: Path = typer.Option(
        None, "--accelerate-config", help="Launch through `accelerate launch` with this config "
        "(recipes/accelerate/ddp.yaml or zero3.yaml) instead of in this process."),
    num_processes: int = typer.Option(None, "--num-processes", help="With --accelerate-config: processes (GPUs)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Parse and check the recipe, print it, do not train."),
    sets: list[str] = set_option("recipe", "max_steps=5"),
) -> None:
    """Train from a recipe; extra `--key value` arguments override it (TRL SFTConfig / ModelConfig / script args).

    Example: `pcwm train --recipe recipes/tiny/tsan/sft.yaml --set max_steps=4 --push_to_hub_revision false`.
    The run saves to output_dir, writes README.md (model card) and, with push_to_hub_revision, pushes to
    hub_model_id at hub_model_revision (HF_TOKEN / HF_ENDPOINT from the environment). Rerunning resumes from the
    last checkpoint in output_dir.
    """
    overrides = [*_trl_args(sets), *ctx.args]
    if accelerate_config is not None:
        raise typer.Exit(_launch_accelerate(recipe, accelerate_config, num_processes, overrides, dry_run))
    from pcwm.train.config import load_and_check

    script_args, training_args, model_args = load_and_check(recipe, overrides)  # RecipeError: exit 2
    if dry_run:
        _print_resolved(script_args, training_args, model_args)
        return
    from pcwm.train.sft import main

    metrics = main(script_args, training_args, model_args, recipe=str(recipe))  # HubError (no Hub access): exit 1
    typer.echo(f"saved to {training_args.output_dir}"
               + (f", pushed to {training_args.hub_model_id}@{training_args.hub_model_revision}"
                  if training_args.push_to_hub_revision else ""))
    keys = ("train_loss", "train_runtime", "heldout_race_accuracy", "heldout_rank_accuracy", "heldout_parse_rate")
    typer.echo("  ".join(f"{k}={metrics[k]}" for k in keys if k in metrics))


def _trl_args(sets: list[str]) -> list[str]:
    """`--set key=value` as the `--key value` arguments TRL's parser reads (the value passed as written)."""
    out = []
    for text in sets:
        key, _ = parse_override(text)  # checks the key=value shape (a usage error otherwise)
        out += [f"--{key}", text.split("=", 1)[1].strip()]
    return out


def _launch_accelerate(recipe: Path, config: Path, num_processes: int | None, overrides: list[str],
                       dry_run: bool) -> int:
    cmd = accelerate_command(recipe, config, num_processes, overrides)
    typer.echo(" ".join(cmd), err=True)
    if dry_run:
        return 0
    return subprocess.call(cmd)


def _print_resolved(script_args, training_args, model_args) -> None:
    import dataclasses

    from rich.console import Console
    from rich.table import Table

    table = Table(title="resolved recipe (non-default values)")
    for col in ("group", "key", "value"):
        table.add_column(col)
    for group, obj in (("script", script_args), ("model", model_args), ("training", training_args)):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name, None)
            if f.default is not dataclasses.MISSING and value != f.default:
                table.add_row(group, f.name, str(value))
    Console().print(table)


@train_app.command("validate")
def validate(
    recipes: list[Path] = typer.Argument(None, help="Recipe files (default: every shipped recipes/**/sft.yaml)."),
) -> None:
    """Parse and check recipes without loading models or data (exit 1 if any is invalid)."""
    from pcwm.resources import resource_dir
    from pcwm.train.config import RecipeError, validate_recipe

    paths = recipes or sorted(resource_dir("recipes").glob("**/sft.yaml"))
    if not paths:
        raise PcwmError("no recipes given and none shipped under recipes/")
    bad = 0
    for path in paths:
        try:
            script_args, training_args, model_args = validate_recipe(path)
        except RecipeError as exc:
            bad += 1
            typer.echo(f"FAIL {path}: {exc}")
            continue
        typer.echo(f"ok   {path}: {model_args.model_name_or_path} / {script_args.tool} -> "
                   f"{training_args.hub_model_id}@{training_args.hub_model_revision}")
    if bad:
        raise typer.Exit(ExitCode.FAILED)
