"""`pcwm generate`: run a generation recipe (recipes/generate/<name>.yaml) as a distilabel pipeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

generate_app = typer.Typer(
    help="Generate data: problems -> candidates -> tool outcomes -> hindsight CoT, as distilabel pipelines.",
    invoke_without_command=True,
)


def _recipe(path: Path, limit: int | None, out: Path | None, sets: list[str], no_cache: bool):
    from pcwm.config import ConfigError, load_recipe, parse_override

    overrides = {}
    try:
        for text in sets:
            key, value = parse_override(text)
            overrides[key] = value
        if limit is not None:
            overrides["problems.limit"] = limit
        if out is not None:
            overrides["output.dir"] = str(out)
        if no_cache:
            overrides["run.use_cache"] = False
        return load_recipe(path, overrides)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint="--recipe/--set") from None


@generate_app.callback()
def generate(
    ctx: typer.Context,
    recipe: Path = typer.Option(None, "--recipe", "-r", help="Recipe YAML, e.g. recipes/generate/offline.yaml."),
    dump: Path = typer.Option(None, "--dump", help="Also write the pipeline YAML here (for `distilabel pipeline "
                                                   "run --config`), e.g. pipelines/offline.yaml."),
    dump_only: bool = typer.Option(False, "--dump-only", help="Write --dump and exit without running."),
    limit: int = typer.Option(None, "--limit", min=1, help="At most N seed problems (overrides problems.limit)."),
    out: Path = typer.Option(None, "--out", help="Output folder (overrides output.dir)."),
    sets: list[str] = typer.Option([], "--set", help="Override any recipe key: --set sandbox.threads=[4,8]"),
    no_cache: bool = typer.Option(False, "--no-cache", help="Start afresh instead of resuming from the cache."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Run a recipe: `pcwm generate --recipe recipes/generate/<name>.yaml [--dump pipelines/<name>.yaml]`.

    Progress is logged per batch; at the end the Distiset is saved under the output folder (load it with
    `distilabel.distiset.Distiset.load_from_disk(DIR)` or `datasets.load_from_disk(DIR/<subset>)`) and a summary is
    printed: problems, candidates, compile rate, race rate, CoT acceptance, wall time. Rerunning the same command
    after a stop or a crash resumes; exit code 2 when some candidates hit a sandbox error, 130 when stopped.
    `--set run.engine=ray` runs the pipeline on the Ray cluster at $RAY_ADDRESS (see README "Running at scale");
    exit code 4 when the cluster cannot place its steps or loses a node (rerun to resume).
    """
    if ctx.invoked_subcommand is not None:
        return
    import warnings

    # distilabel 1.5.3's own LLM classes trip a harmless pydantic warning whenever they are subclassed or imported
    warnings.filterwarnings("ignore", message="The 'default' attribute with value None", category=UserWarning)
    if recipe is None:
        raise typer.BadParameter("--recipe is required (see recipes/generate/)", param_hint="--recipe")
    cfg = _recipe(recipe, limit, out, sets, no_cache)
    if dump_only:
        if dump is None:
            raise typer.BadParameter("--dump-only needs --dump PATH", param_hint="--dump")
        from pcwm.pipelines.builders import build_pipeline
        from pcwm.pipelines.run import dump_pipeline

        typer.echo(f"wrote {dump_pipeline(build_pipeline(cfg), dump)}")
        return
    from pcwm.pipelines.run import PipelineStopped, run_recipe

    try:
        report = run_recipe(cfg, dump=dump)
    except PipelineStopped as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(130) from None
    _print_summary(report.summary, report.output_dir, as_json)
    if report.summary.get("sandbox_errors"):
        typer.echo(f"{report.summary['sandbox_errors']} candidates hit a sandbox error (not labels; see the "
                   "candidates subset)", err=True)
        raise typer.Exit(2)


@generate_app.command("summary")
def summary(
    output_dir: Path = typer.Argument(..., help="Output folder of a finished run."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Print the summary of a finished run."""
    from pcwm.pipelines.run import load_summary

    try:
        s = load_summary(output_dir)
    except FileNotFoundError as exc:
        raise typer.BadParameter(str(exc)) from None
    _print_summary(s, str(output_dir), as_json)


def _print_summary(s: dict, output_dir: str, as_json: bool) -> None:
    if as_json:
        json.dump(s, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"pcwm generate: {s.get('recipe')} ({s.get('pipeline')})", show_header=False)
    for k, v in s.items():
        if k in ("recipe", "pipeline"):
            continue
        if isinstance(v, float) and k.endswith(("rate", "acceptance")):
            v = f"{100 * v:.1f} %"
        table.add_row(k, json.dumps(v) if isinstance(v, dict) else str(v))
    console = Console()
    console.print(table)
    console.print(f"Distiset saved in {output_dir}; load it with "
                  f"Distiset.load_from_disk('{output_dir}') or datasets.load_from_disk('{output_dir}/<subset>')")
