"""`pcwm eval ...`: evaluation commands."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

eval_app = typer.Typer(help="Evaluate models (and the TSan oracle) on the benchmarks.", no_args_is_help=True)


@eval_app.command("oracle")
def oracle(
    data_dir: Path = typer.Option(None, "--data-dir", help="DataRaceBench micro-benchmarks folder (else fetched)."),
    threads: str = typer.Option("4,8,2", "--threads", help="Thread counts per program."),
    runs: int = typer.Option(1, "--runs", min=1, help="Repeats of the thread list."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Parallel programs (0 = one per core)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Wall-clock limit per run, seconds."),
    opt: str = typer.Option("-O0", "--opt", help="Optimisation level."),
    limit: int = typer.Option(0, "--limit", help="Only the first N programs (0 = all)."),
    out: Path = typer.Option(None, "--out", help="Write per-program results and scores as JSON here."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the result cache."),
) -> None:
    """Run the sandbox (the TSan oracle) over DataRaceBench and score it against the file-name labels."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from pcwm.cli_sandbox import parse_threads
    from pcwm.evals.drb import load_programs
    from pcwm.evals.oracle import score_oracle
    from pcwm.sandbox import Program, RunPlan, run_many
    from pcwm.sandbox.cache import ResultCache

    from pcwm.evals.benchmarks import BenchmarkNotFound

    try:
        programs = load_programs(data_dir)
    except (BenchmarkNotFound, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if limit:
        programs = programs[:limit]
    plan = RunPlan(threads=parse_threads(threads), runs=runs, timeout_s=timeout, opt_level=opt)
    with Progress(disable=not sys.stderr.isatty(), transient=True) as progress:
        task = progress.add_task("DataRaceBench", total=len(programs))
        results = run_many(
            [Program.from_path(p.path) for p in programs], plan, jobs=jobs or None,
            cache=None if no_cache else ResultCache(), on_result=lambda _: progress.advance(task),
        )
    by_name = {Path(r.path).name: r.to_dict() for r in results}
    scores = score_oracle(programs, by_name)
    table = Table(title=f"TSan oracle on DataRaceBench (threads {threads}, runs {runs}, {opt})")
    for col in ("subset", "n", "accuracy", "precision", "recall", "tp", "fp", "tn", "fn"):
        table.add_column(col)
    for subset in ("overall", "clean"):
        s = scores[subset]
        table.add_row(subset, str(s["n"]), *(f"{s[k]:.3f}" for k in ("accuracy", "precision", "recall")),
                      *(str(s[k]) for k in ("tp", "fp", "tn", "fn")))
    console = Console()
    console.print(table)
    console.print(f"line-pair agreement with annotations: {scores['line_pair_agreement']:.3f} "
                  f"(of {scores['line_pair_n']} detected racy files)")
    console.print(f"missed: {', '.join(scores['misses']) or '-'}")
    console.print(f"false alarms: {', '.join(scores['false_alarms']) or '-'}")
    if scores["sandbox_errors"]:
        console.print(f"[red]sandbox errors (not scored): {', '.join(scores['sandbox_errors'])}")
    if out:
        from pcwm.io import write_json_atomic

        write_json_atomic(out, {"plan": {"threads": threads, "runs": runs, "opt": opt}, "scores": scores,
                                "results": by_name})
    if scores["sandbox_errors"]:
        raise typer.Exit(2)
