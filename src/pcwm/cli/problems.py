"""`pcwm problems ...`: the seed bank (list, show, validate) and the offline candidate engine (mutate)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import typer

from pcwm.cli.options import ray_option
from pcwm.errors import ExitCode, InfrastructureError

problems_app = typer.Typer(help="The seed problem bank and race-injecting mutations.", no_args_is_help=True)

DOMAIN_OPT = typer.Option(None, "--domain", "-d", help="Only this domain (repeatable).")
SEED_OPT = typer.Option(None, "--seed", "-s", help="Only this seed id, e.g. sort_scan/merge_sort (repeatable).")
JOBS_OPT = typer.Option(2, "--jobs", "-j", min=1, help="Programs run in parallel.")
THREADS_OPT = typer.Option("4,8,2", "--threads", help="Thread counts each program runs at.")


BANK_OPT = typer.Option(None, "--bank", help="Seed bank folder (default: the bank shipped with pcwm).")


def _bank(domain: list[str] | None, seed: list[str] | None = None, root: Path | None = None):
    from pcwm.problems.bank import SeedError, load_bank

    try:
        bank = load_bank(root, domains=domain or None)
        if seed:
            from pcwm.problems.bank import Bank

            bank = Bank(seeds=tuple(bank.get(s) for s in seed), root=bank.root)
    except (SeedError, KeyError) as exc:
        raise typer.BadParameter(str(exc).strip("'\"")) from None
    if not len(bank):
        raise typer.BadParameter("no seeds selected")
    return bank


def _plan(threads: str, stop_on_race: bool):
    from pcwm.cli.options import parse_threads
    from pcwm.sandbox import RunPlan

    return RunPlan(threads=parse_threads(threads), stop_on_race=stop_on_race)


def _console():
    """A console for tables: wide enough for seed ids and operator names when output is a file or pipe."""
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=150)


def _progress(label: str, total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.description}"), transient=True, disable=not sys.stderr.isatty())
    return progress, progress.add_task("", total=total)


@problems_app.command("list")
def list_seeds(domain: list[str] = DOMAIN_OPT, as_json: bool = typer.Option(False, "--json", help="JSON lines."),
               bank_dir: Path = BANK_OPT):
    """List the seed problems (id, language, implementations, title)."""
    from rich.table import Table

    bank = _bank(domain, root=bank_dir)
    if as_json:
        for s in bank:
            typer.echo(json.dumps({"id": s.id, "domain": s.domain, "title": s.spec.title, "language": s.language,
                                   "function": s.spec.function, "impls": [i.stem for i in s.impls]}))
        return
    table = Table(title=f"seed bank: {len(bank)} seeds in {len(bank.domains)} domains")
    for col in ("seed", "lang", "impls", "title"):
        table.add_column(col)
    for s in bank:
        table.add_row(s.id, s.language, ", ".join(i.stem for i in s.impls), s.spec.title)
    _console().print(table)


@problems_app.command("show")
def show(
    seed_id: str = typer.Argument(..., help="Seed id, e.g. histogram_reduction/int_histogram."),
    file: str = typer.Option(None, "--file", "-f", help="Print one file: problem, harness, reference or an impl."),
    mutants: bool = typer.Option(False, "--mutants", help="List every mutation/rewrite site of each impl."),
    diff: bool = typer.Option(False, "--diff", help="With --mutants: print each diff too."),
    bank_dir: Path = BANK_OPT,
):
    """Show a seed: its metadata, problem statement and implementations (or one file, or its mutants)."""
    seed = _bank(None, [seed_id], bank_dir).get(seed_id)
    if file:
        texts = {"problem": seed.problem, "harness": seed.harness, "reference": seed.reference}
        try:
            typer.echo(texts[file] if file in texts else seed.impl(file).source)
        except KeyError as exc:
            raise typer.BadParameter(f"{exc.args[0]}; or one of problem, harness, reference") from None
        return
    if mutants:
        _show_mutants(seed, diff)
        return
    typer.echo(f"{seed.id} ({seed.language}): {seed.spec.title}\nfunction: {seed.spec.function}\n"
               f"default size: {seed.spec.default_size}\n")
    typer.echo(seed.problem.rstrip() + "\n\nimplementations:")
    for impl in seed.impls:
        typer.echo(f"  {impl.stem}: {impl.strategy}")


def _show_mutants(seed, diff: bool) -> None:
    from pcwm.problems.mutations import mutate

    for impl in seed.impls:
        typer.echo(f"== {impl.id}")
        for m in mutate(impl.source, seed.language, parent=impl.id, file_name=impl.stem + seed.suffix):
            typer.echo(f"  {m.operator:16s} line {m.line:4d}  expect {m.expected:8s} {m.description}")
            if diff:
                typer.echo(m.diff)


@problems_app.command("validate")
def validate(
    domain: list[str] = DOMAIN_OPT,
    seed: list[str] = SEED_OPT,
    jobs: int = JOBS_OPT,
    threads: str = THREADS_OPT,
    no_cache: bool = typer.Option(False, "--no-cache", help="Ignore and do not write the result cache."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per program instead of a table."),
    bank_dir: Path = BANK_OPT,
    ray: str = ray_option(),
):
    """Check seeds in the sandbox: each reference (run through the harness as a candidate) and each implementation
    must print PCWM_CHECK PASS and be TSan-clean at every thread count. Exit 1 if any fails, 4 on sandbox errors."""
    from dataclasses import asdict

    from pcwm.problems.candidates import validate_bank
    from pcwm.sandbox.batch import use_cluster
    from pcwm.sandbox.cache import ResultCache

    bank = _bank(domain, seed, bank_dir)
    total = sum(1 + len(s.impls) for s in bank)
    progress, task = _progress("validate", total)
    t0 = time.monotonic()
    with progress, use_cluster(ray):
        checks = validate_bank(bank, plan=_plan(threads, False), jobs=jobs,
                               cache=None if no_cache else ResultCache(),
                               on_check=lambda c: progress.advance(task))
    failed = [c for c in checks if not c.ok]
    if as_json:
        for c in checks:
            typer.echo(json.dumps({**asdict(c), "ok": c.ok}))
    else:
        _print_checks(checks, len(bank), time.monotonic() - t0)
    if errors := sum(c.status == "sandbox_error" for c in checks):
        raise InfrastructureError(f"{errors} programs hit a sandbox error (not checked; rerun to retry)")
    if failed:
        raise typer.Exit(ExitCode.FAILED)


def _print_checks(checks, n_seeds: int, elapsed: float) -> None:
    from rich.table import Table

    table = Table(title="seed validation")
    for col in ("seed", "program", "status", "valid", "races", "run s"):
        table.add_column(col)
    for c in checks:
        races = "; ".join(" vs ".join(r["locations"]) for r in c.races) or "-"
        style = None if c.ok else "bold red"
        table.add_row(c.seed, c.program, c.status, str(c.valid), races, f"{c.wall_s:.2f}", style=style)
    console = _console()
    console.print(table)
    bad = sum(1 for c in checks if not c.ok)
    console.print(f"{n_seeds} seeds, {len(checks)} programs: {len(checks) - bad} ok, {bad} failed "
                  f"({elapsed:.0f} s)")


@problems_app.command("mutate")
def mutate_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (resumable: rerun to continue)."),
    domain: list[str] = DOMAIN_OPT,
    seed: list[str] = SEED_OPT,
    operators: list[str] = typer.Option(
        None, "--operator", "--operators",
        help="Operator to apply (default: all); repeat it, or give a comma-separated list."),
    max_sites: int = typer.Option(2, "--max-sites", min=0, help="Sites per implementation and operator (0 = all)."),
    max_total: int = typer.Option(None, "--max", min=2, help="Stop once this many balanced candidates are labelled."),
    balance: bool = typer.Option(True, "--balance/--no-balance", help="Select equal race / no-race counts."),
    originals: bool = typer.Option(True, "--originals/--no-originals", help="Include the seeds' own impls."),
    jobs: int = JOBS_OPT,
    threads: str = THREADS_OPT,
    no_cache: bool = typer.Option(False, "--no-cache", help="Ignore and do not write the sandbox result cache."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only list the candidates (no sandbox)."),
    bank_dir: Path = BANK_OPT,
    ray: str = ray_option(),
):
    """Make labelled candidates without an LLM: the seeds' implementations, race-injecting mutants and harmless
    rewrites, each run under TSan through its seed's harness.

    Writes OUT/candidates/<id>/ (source, diff.patch, result.json, candidate.json), OUT/candidates.jsonl (all
    finished), OUT/selected.jsonl (balanced selection) and OUT/report.json (per-operator figures, also printed).
    A candidate's record has: id, seed, parent, operator, kind (original|race|harmless), expected and actual label
    ("race"|"no race"; actual is TSan's, null when it did not compile or run), status, races, valid, source, diff.
    """
    from pcwm.problems.candidates import CandidateStore, make_candidates, run_candidates
    from pcwm.problems.mutations import OPERATORS
    from pcwm.sandbox.batch import use_cluster
    from pcwm.sandbox.cache import ResultCache

    ops = [o.strip() for arg in operators or [] for o in arg.split(",") if o.strip()] or None
    if ops and (bad := [o for o in ops if o not in OPERATORS]):
        raise typer.BadParameter(f"unknown operator(s) {', '.join(bad)}; known: {', '.join(OPERATORS)}")
    bank = _bank(domain, seed, bank_dir)
    t0 = time.monotonic()
    cands = make_candidates(bank, operators=ops, max_sites=max_sites or None, originals=originals)
    if dry_run:
        for c in cands:
            typer.echo(json.dumps({k: v for k, v in c.to_json().items() if k not in ("source", "diff")}))
        return
    store = CandidateStore(out)
    per_label = max_total // 2 if max_total and balance else None
    progress, task = _progress("mutate", per_label * 2 if per_label else len(cands))
    seen = {"race": 0, "no race": 0}

    def on_done(c):
        if c.actual in seen:
            seen[c.actual] += 1
        progress.update(task, advance=1 if not per_label or seen.get(c.actual, per_label + 1) <= per_label else 0,
                        description=f"race {seen['race']} / no race {seen['no race']}")

    with progress, use_cluster(ray):
        done = run_candidates(cands, bank, store, plan=_plan(threads, True), jobs=jobs,
                              cache=None if no_cache else ResultCache(), per_label=per_label, on_done=on_done)
    _write_outputs(store, cands, done, balance, max_total, time.monotonic() - t0)
    if store.errors:
        raise InfrastructureError(f"sandbox errors on {len(store.errors)} candidates (not labelled; rerun to retry)")


def _write_outputs(store, cands, done, balance: bool, max_total: int | None, elapsed: float) -> None:
    from pcwm.io import write_json_atomic
    from pcwm.problems.candidates import operator_report, select_balanced

    labelled = [c for c in done if c.actual is not None]
    selected = select_balanced(done, max_total) if balance else labelled[:max_total]
    store.write_jsonl("candidates.jsonl", done)
    store.write_jsonl("selected.jsonl", selected)
    rows = operator_report(cands, done)
    def counts(cs):
        return {"race": sum(c.actual == "race" for c in cs), "no race": sum(c.actual == "no race" for c in cs)}

    summary = {
        "candidates_made": len(cands),
        "finished": len(done),
        "labelled": counts(done),
        "selected": counts(selected),
        "elapsed_s": round(elapsed, 1),
    }
    write_json_atomic(store.out / "report.json", {"operators": rows, **summary})
    _print_report(rows, summary, store.out)


def _print_report(rows, summary, out: Path) -> None:
    from rich.table import Table

    def pct(x):
        return "-" if x is None else f"{100 * x:.0f}%"

    table = Table(title="candidates per operator")
    for col in ("operator", "kind", "made", "run", "compiled", "TSan race", "ok (no race, valid)", "as expected"):
        table.add_column(col, justify="left" if col in ("operator", "kind") else "right")
    for r in rows:
        table.add_row(r["operator"], r["kind"], str(r["made"]), str(r["run"]), pct(r["compile_rate"]),
                      pct(r["race_rate"]), pct(r["ok_rate"]), pct(r["expected_rate"]))
    console = _console()
    console.print(table)
    console.print(f"made {summary['candidates_made']}, finished {summary['finished']} "
                  f"(race {summary['labelled']['race']}, no race {summary['labelled']['no race']}); selected "
                  f"{summary['selected']['race']} race + {summary['selected']['no race']} no race in "
                  f"{summary['elapsed_s']:.0f} s -> {out}/selected.jsonl, report.json")
