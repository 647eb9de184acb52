"""`pcwm generate`: run a generation recipe (recipes/generate/<name>.yaml) as a distilabel pipeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from pcwm.cli.options import DefaultCommandGroup, dotted_overrides, set_option
from pcwm.errors import InfrastructureError

generate_app = typer.Typer(
    cls=DefaultCommandGroup, no_args_is_help=True,
    help="Generate data: problems -> candidates -> tool outcomes -> hindsight CoT, as distilabel pipelines. "
         "`pcwm generate --recipe recipes/generate/<name>.yaml` is short for `pcwm generate run --recipe ...`.",
)


def _recipe(path: Path, limit: int | None, out: Path | None, sets: list[str], no_cache: bool):
    """The recipe with --set overrides, then the shortcut options (--limit, --out, --no-cache) on top."""
    from pcwm.config import load_recipe

    overrides = dotted_overrides(sets)
    if limit is not None:
        overrides["problems.limit"] = limit
    if out is not None:
        overrides["output.dir"] = str(out)
    if no_cache:
        overrides["run.use_cache"] = False
    return load_recipe(path, overrides)  # ConfigError: a usage error naming the file and key (exit 2)


@generate_app.command("run")
def run(
    recipe: Path = typer.Option(..., "--recipe", "-r", help="Recipe YAML, e.g. recipes/generate/offline.yaml."),
    dump: Path = typer.Option(None, "--dump", help="Also write the pipeline YAML here (for `distilabel pipeline "
                                                   "run --config`), e.g. pipelines/offline.yaml."),
    dump_only: bool = typer.Option(False, "--dump-only", help="Write --dump and exit without running."),
    limit: int = typer.Option(None, "--limit", min=1, help="At most N seed problems (overrides problems.limit)."),
    out: Path = typer.Option(None, "--out", help="Output folder (overrides output.dir)."),
    sets: list[str] = set_option("recipe", "sandbox.threads=[4,8]"),
    no_cache: bool = typer.Option(False, "--no-cache", help="Start afresh instead of resuming from the cache."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Run a recipe: `pcwm generate --recipe recipes/generate/<name>.yaml [--dump pipelines/<name>.yaml]`.

    Progress is logged per batch; at the end the Distiset is saved under the output folder (load it with
    `distilabel.distiset.Distiset.load_from_disk(DIR)` or `datasets.load_from_disk(DIR/<subset>)`) and a summary is
    printed: problems, candidates, compile rate, race rate, CoT acceptance, wall time. Rerunning the same command
    after a stop or a crash resumes; exit code 4 when some candidates hit a sandbox error, 130 when stopped.
    `--set run.engine=ray` runs the pipeline on the Ray cluster at $RAY_ADDRESS (see README "Running at scale");
    exit code 4 also when the cluster cannot place its steps or loses a node (rerun to resume).
    """
    import warnings

    # distilabel 1.5.3's own LLM classes trip a harmless pydantic warning whenever they are subclassed or imported
    warnings.filterwarnings("ignore", message="The 'default' attribute with value None", category=UserWarning)
    cfg = _recipe(recipe, limit, out, sets, no_cache)
    if dump_only:
        if dump is None:
            raise typer.BadParameter("--dump-only needs --dump PATH", param_hint="--dump")
        from pcwm.pipelines.builders import build_pipeline
        from pcwm.pipelines.run import dump_pipeline

        typer.echo(f"wrote {dump_pipeline(build_pipeline(cfg), dump)}")
        return
    from pcwm.pipelines.run import run_recipe

    report = run_recipe(cfg, dump=dump)  # a stop raises PipelineStopped: exit 130
    _print_summary(report.summary, report.output_dir, as_json)
    if report.summary.get("sandbox_errors"):
        raise InfrastructureError(f"{report.summary['sandbox_errors']} candidates hit a sandbox error (not labels; "
                                  "see the candidates subset)")


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
