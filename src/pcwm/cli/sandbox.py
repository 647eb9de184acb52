"""`pcwm sandbox ...`: run programs under ThreadSanitizer (or the work-% profiler), contained and cached."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from pcwm.cli.options import ProfilerBackend, Tool, WorkpctValue, parse_threads, ray_option
from pcwm.errors import InfrastructureError

sandbox_app = typer.Typer(help="Compile and run OpenMP C/C++ programs in the sandbox.", no_args_is_help=True)


@sandbox_app.command("run")
def run(
    paths: list[Path] = typer.Argument(..., help="C/C++ files or folders (searched recursively)."),
    tool: Tool = typer.Option(Tool.tsan, "--tool", help="tsan: data races; workpct: OpenMP work % per region."),
    threads: str = typer.Option(None, "--threads", help="Thread counts, e.g. 4,8,2 (tsan) or 4,16,64,128 (workpct)."),
    runs: int = typer.Option(1, "--runs", min=1, help="Repeats of the whole thread list per program."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Programs run in parallel (0 = one per core)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per program per line on stdout."),
    verdict_only: bool = typer.Option(False, "--verdict-only", help="Stop a program's runs at the first race."),
    harness: Path = typer.Option(None, "--harness", help="Harness that #includes PCWM_CANDIDATE (see seeds/README)."),
    extra: list[Path] = typer.Option([], "--extra", help="Extra file copied next to the harness (e.g. reference.c)."),
    args: str = typer.Option("", "--args", help="Arguments passed to each program, space-separated."),
    opt: str = typer.Option("-O0", "--opt", help="Optimisation level for the TSan build."),
    timeout: float = typer.Option(30.0, "--timeout", help="Wall-clock limit per run, seconds."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ignore and do not write the result (or profile) cache."),
    repeats: int = typer.Option(3, "--repeats", min=1, help="workpct: measurements per thread count (median shown)."),
    backend: ProfilerBackend = typer.Option(ProfilerBackend.auto, "--backend",
                                            help="workpct: ompt (ours), caliper, or auto (caliper when installed)."),
    value: WorkpctValue = typer.Option(
        WorkpctValue.median, "--value", help="workpct: the number in the paper's text: median (wall-clock) or estimate."
    ),
    unsafe_allow_unconfined: bool = typer.Option(
        False, "--unsafe-allow-unconfined",
        help="DANGEROUS: run candidates even without bubblewrap (unshare or no namespaces): they can read the host "
        "file system. Same as PCWM_SANDBOX_ALLOW_UNCONFINED=1.",
    ),
    ray: str = ray_option(),
) -> None:
    """Run programs in the sandbox and print their outcomes (a table, or JSON lines with --json).

    Exit 4 when any program hit a sandbox error (no result: never a label), 2 on bad input.
    """
    if unsafe_allow_unconfined:
        os.environ["PCWM_SANDBOX_ALLOW_UNCONFINED"] = "1"
    try:
        sources = list(_iter_sources(paths))
    except FileNotFoundError as exc:
        raise typer.BadParameter(str(exc)) from None
    if not sources:
        raise typer.BadParameter(f"no C/C++ sources under {', '.join(map(str, paths))}")
    try:
        programs = [_program(p, harness, extra, args) for p in sources]
    except (ValueError, OSError) as exc:
        raise typer.BadParameter(str(exc)) from None
    if tool == Tool.workpct:
        threads_t = parse_threads(threads or "4,16,64,128")
        outcomes = _run_workpct(programs, threads_t, repeats, backend.value, timeout, as_json, value.value,
                                use_cache=not no_cache)
        _check_no_sandbox_errors([o.status for o in outcomes])
        return

    from pcwm.sandbox import RunPlan
    from pcwm.sandbox.batch import use_cluster
    from pcwm.sandbox.cache import ResultCache

    plan = RunPlan(
        threads=parse_threads(threads or "4,8,2"),
        runs=runs,
        stop_on_race=verdict_only,
        opt_level=opt,
        timeout_s=timeout,
    )
    cache = None if no_cache else ResultCache()
    with use_cluster(ray):
        results = _with_progress(programs, plan, jobs, cache, as_json)
    if not as_json:
        _print_table(results)
    _check_no_sandbox_errors([r.status.value for r in results])


def _check_no_sandbox_errors(statuses: list[str]) -> None:
    bad = sum(s in ("sandbox_error", "tampered") for s in statuses)
    if bad:
        raise InfrastructureError(f"{bad} of {len(statuses)} programs hit a sandbox error (no result, not a label)")


def _iter_sources(paths):
    from pcwm.sandbox.runner import iter_sources

    return iter_sources(paths)


def _program(path: Path, harness: Path | None, extra: list[Path], args: str):
    from pcwm.sandbox import Program

    kw = {"args": tuple(args.split())}
    if harness is not None:
        kw["harness"] = harness.read_text()
        kw["harness_name"] = harness.name
        kw["extra_files"] = tuple((e.name, e.read_text()) for e in extra)
    return Program.from_path(path, **kw)


def _with_progress(programs, plan, jobs, cache, as_json):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from pcwm.sandbox import run_many

    def emit(res):
        if as_json:
            d = res.to_dict()
            sys.stdout.write(json.dumps({"path": d["path"], "status": d["status"], "races": d["races"],
                                         **{k: v for k, v in d.items() if k not in ("path", "status", "races")}})
                             + "\n")
            sys.stdout.flush()

    with Progress(
        TextColumn("[bold]sandbox"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=True, disable=not sys.stderr.isatty(), console=None,
    ) as progress:
        task = progress.add_task("run", total=len(programs))

        def on_result(res):
            progress.advance(task)
            emit(res)

        return run_many(programs, plan, jobs=jobs or None, cache=cache, on_result=on_result)


def _print_table(results) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="sandbox results")
    for col in ("program", "status", "races", "valid", "runs", "cached"):
        table.add_column(col)
    for r in results:
        races = "; ".join(f"{x.type} {' vs '.join(x.locations)}" for x in r.races) or "-"
        table.add_row(Path(r.path).name, r.status.value, races, str(r.valid), str(len(r.runs)), str(r.cached))
    Console().print(table)


def _print_workpct_table(outcome) -> None:
    """Per region and thread count: median work % [min-max] over the repeats, the host-independent estimate, and '*'
    where the thread count exceeds the available cores (the value then measures the host as much as the code)."""
    from rich.console import Console
    from rich.table import Table

    host = outcome.host
    title = (
        f"{outcome.backend} work %, {outcome.repeats} repeats, status {outcome.status}; "
        f"{host.available_cores} cores available, load {host.loadavg[0]:.1f}"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("region")
    for t in outcome.threads:
        table.add_column(f"{t} threads" + (" *" if t > host.available_cores else ""), justify="right")
    table.add_column("estimate (" + "/".join(map(str, outcome.threads)) + ")", justify="right")

    def fmt(stats) -> str:
        if stats is None or stats.median is None:
            return "-"
        return f"{stats.median:.1f} [{stats.min:.1f}-{stats.max:.1f}]"

    rows = [(f"{Path(r.file or outcome.program).name}:{r.line_start}-{r.line_end}", r) for r in outcome.regions]
    rows += [(f"{a.key} (annotation)", a) for a in outcome.annotations]
    if outcome.total is not None:
        rows.append(("whole program", outcome.total))
    for label, region in rows:
        by = region.by_threads
        ests = [by[t].estimate if t in by else None for t in outcome.threads]
        est = "/".join("-" if e is None else f"{e:.0f}" for e in ests)
        table.add_row(label, *(fmt(by.get(t)) for t in outcome.threads), est)
    Console(stderr=True).print(table)
    if any(t > host.available_cores for t in outcome.threads):
        Console(stderr=True).print("* more threads than available cores: oversubscribed, host-dependent")


def _run_workpct(programs, threads, repeats, backend, timeout, as_json, value="median", use_cache=True) -> list:
    """Profiles the programs one after another (work % is a wall-clock measure: never two at once); profiles of
    this host are read back from the sandbox's ProfileCache unless `use_cache` is off."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from pcwm.sandbox.cache import ProfileCache
    from pcwm.sandbox.profiler import profile_program, render_text

    outcomes = []
    err = Console(stderr=True)
    with Progress(
        TextColumn("[bold]workpct"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not sys.stderr.isatty() or len(programs) < 2,
        console=err,
    ) as progress:
        task = progress.add_task("profile", total=len(programs))
        for program in programs:
            outcome = profile_program(program, threads=threads, repeats=repeats, backend=backend, timeout_s=timeout,
                                      cache=ProfileCache() if use_cache else None)
            outcomes.append(outcome)
            progress.advance(task)
            if as_json:
                sys.stdout.write(json.dumps({"path": program.label, **outcome.to_dict()}) + "\n")
                sys.stdout.flush()
                continue
            typer.echo(f"== {program.label}")
            sys.stdout.flush()
            if outcome.status == "sandbox_error":
                err.print(f"[red]sandbox error[/red]: {outcome.error}", markup=True, highlight=False)
                continue
            if outcome.status == "compile_error":
                err.print(outcome.compile_stderr.strip()[-2000:], markup=False, highlight=False)
            for failure in outcome.failures[:5]:
                err.print(f"{outcome.status}: {failure}", markup=False, highlight=False)
            if outcome.regions or outcome.annotations:
                _print_workpct_table(outcome)
            typer.echo(render_text(outcome, value=value))
    return outcomes
