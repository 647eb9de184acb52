"""`pcwm eval ...`: evaluation commands."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import typer

from pcwm.cli.options import dotted_overrides, nested_overrides, parse_threads, ray_option, set_option
from pcwm.errors import ExitCode, InfrastructureError, PcwmError, UsageError

eval_app = typer.Typer(help="Evaluate models (and the TSan oracle) on the benchmarks.", no_args_is_help=True)
DEFAULT_RESULTS = Path("eval_results")


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
    ray: str = ray_option(),
) -> None:
    """Run the sandbox (the TSan oracle) over DataRaceBench and score it against the file-name labels."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from pcwm.evals.drb import load_programs
    from pcwm.evals.oracle import score_oracle
    from pcwm.sandbox import Program, RunPlan, run_many
    from pcwm.sandbox.batch import use_cluster
    from pcwm.sandbox.cache import ResultCache

    try:
        programs = load_programs(data_dir)  # BenchmarkNotFound: exit 1
    except FileNotFoundError as exc:
        raise PcwmError(str(exc)) from None
    if limit:
        programs = programs[:limit]
    plan = RunPlan(threads=parse_threads(threads), runs=runs, timeout_s=timeout, opt_level=opt)
    with Progress(disable=not sys.stderr.isatty(), transient=True) as progress, use_cluster(ray):
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
        raise InfrastructureError(f"{len(scores['sandbox_errors'])} programs hit a sandbox error (not scored)")


@eval_app.command("ls")
def ls() -> None:
    """List the evaluation suites (eval_suites/*.yaml, or $PCWM_EVAL_SUITES)."""
    from rich.console import Console
    from rich.table import Table

    from pcwm.evals.suites import SuiteError, list_suites, load_suite, suites_dir

    table = Table(title=f"Evaluation suites in {suites_dir()}")
    for col in ("suite", "kind", "samples", "description"):
        table.add_column(col)
    for path in list_suites():
        try:
            s = load_suite(path)
            table.add_row(s.name, s.kind, str(s.sampling.n), s.description)
        except SuiteError as exc:
            table.add_row(path.stem, "[red]invalid", "", str(exc))
    Console().print(table)


@eval_app.command("validate")
def validate(suites: list[str] = typer.Argument(None, help="Suite names or YAML paths (default: all).")) -> None:
    """Load each suite into its config model and check templates, files and choices; exit 1 on any problem."""
    from pcwm.evals.suites import SuiteError, list_suites, load_suite, run_needs, validate_suite

    bad = 0
    for name in suites or [str(p) for p in list_suites()]:
        needs = []
        try:
            suite = load_suite(name)
            problems, needs = validate_suite(suite), run_needs(suite)
        except SuiteError as exc:
            problems = [str(exc)]
        bad += bool(problems)
        note = f" (at run time: {'; '.join(needs)})" if needs else ""
        typer.echo(f"{name}: " + ("ok" + note if not problems else "; ".join(problems)))
    if bad:
        raise typer.Exit(ExitCode.FAILED)


def _overrides(sets: list[str], samples: int, max_tokens: int, temperature: float | None, limit: int) -> dict:
    """The suite overrides: --set first, then the shortcut options on top (as a nested mapping)."""
    out = dotted_overrides(sets)
    shortcuts = {"sampling.n": samples or None, "sampling.max_tokens": max_tokens or None,
                 "sampling.temperature": temperature, "programs.limit": limit or None}
    out.update({k: v for k, v in shortcuts.items() if v is not None})
    return nested_overrides(out)


@eval_app.command("run")
def run(
    suite_name: str = typer.Argument(..., help="Suite name (see `pcwm eval ls`) or YAML path."),
    models: list[str] = typer.Option(..., "--model", "-m", help="Model spec: tiny, hf:PATH_OR_ID[@REV], "
                                     "openai:MODEL, vllm:ID[@REV], static, baseline:oracle|always-race|never-race|"
                                     "unchanged|critical. Repeat for several."),
    results: Path = typer.Option(DEFAULT_RESULTS, "--results", "-o", help="Results folder (Parquet tables)."),
    confirm_unsafe: bool = typer.Option(False, "--confirm-run-unsafe-code", help="Allow compiling and running "
                                        "generated or benchmark code in the sandbox (needed by pareval_caliper, "
                                        "racefix and the oracle baseline)."),
    name: str = typer.Option("", "--name", help="Model name in the tables (default: the spec; one --model only)."),
    world_models: list[str] = typer.Option([], "--world-model", help="racefix: world model spec(s) for feedback "
                                           "world_model (default: the suite's world_models)."),
    solution_model: str = typer.Option("", "--solution-model", help="pareval_caliper: model generating the "
                                       "solutions (default: the suite's solutions.generator)."),
    pairs_from: Path = typer.Option(None, "--pairs-from", help="pareval_caliper: reuse the pair set of this suite "
                                    "results folder (<results>/<suite>) instead of profiling."),
    sets: list[str] = set_option("suite", "sampling.temperature=0.2"),
    samples: int = typer.Option(0, "--samples", help="Override sampling.n."),
    max_tokens: int = typer.Option(0, "--max-tokens", help="Override sampling.max_tokens."),
    temperature: float = typer.Option(None, "--temperature", help="Override sampling.temperature."),
    limit: int = typer.Option(0, "--limit", help="dataracebench/racefix: only the first N selected programs."),
    batch: int = typer.Option(8, "--batch", help="Items per generation batch (and per stored part file)."),
    threads: int = typer.Option(0, "--torch-threads", help="Torch threads for local models (0 = default)."),
    base_url_env: str = typer.Option("OPENAI_BASE_URL", "--base-url-env", help="Env var with the endpoint URL."),
    api_key_env: str = typer.Option("OPENAI_API_KEY", "--api-key-env", help="Env var with the endpoint key."),
    data_dir: Path = typer.Option(None, "--data-dir", help="Benchmark folder (else located or fetched)."),
    items_from: str = typer.Option("", "--items-from", help="Read the programs from this items dataset "
                                   "(ORG/NAME@TAG, written by `pcwm eval export`); git stays the fallback."),
    ray: str = ray_option(),
) -> None:
    """Generate (resumably: stored samples are skipped) and store Parquet generations, then print the scores."""
    from pcwm.evals.suites import SuiteError, load_suite, run_needs, task_of, validate_suite
    from pcwm.models import make_model
    from pcwm.sandbox.batch import use_cluster

    overrides = _overrides(sets, samples, max_tokens, temperature, limit)
    if world_models:  # a suite kind without world models rejects the key, naming it
        overrides["world_models"] = list(world_models)
    if items_from:
        overrides["items_from"] = items_from
    try:
        suite = load_suite(suite_name, overrides)
    except SuiteError as exc:
        raise typer.BadParameter(str(exc)) from None
    problems = validate_suite(suite) + run_needs(suite, solution_model)
    if problems:
        raise typer.BadParameter(f"suite {suite.name}: " + "; ".join(problems))
    if name and len(models) > 1:
        raise typer.BadParameter("--name needs exactly one --model")
    opts = {"threads": threads, "base_url_env": base_url_env, "api_key_env": api_key_env,
            "tsan": getattr(suite, "sandbox", None), "profile": getattr(suite, "profile", None)}
    extra = task_of(suite).run_extras(lambda s: make_model(s, **opts), solution_model=solution_model,
                                      pairs_from=pairs_from)
    with use_cluster(ray):  # the suite's sandbox work (run_many) goes to the cluster; generation stays here
        for spec in models:
            try:  # UnsafeCodeNotConfirmed: exit 2, BackendError: exit 1 (pcwm.errors)
                gen = make_model(spec, name=name, **opts)
                n = _run_with_progress(suite, gen, spec, results, confirm_unsafe, data_dir, batch, extra)
            except PcwmError:
                raise
            except (ValueError, FileNotFoundError) as exc:  # a bad model spec, a missing input file
                raise UsageError(str(exc)) from None
            typer.echo(f"{gen.name}: {n} new rows in {results / suite.name}")
    _print_scores([results / suite.name])


def _run_with_progress(suite, gen, spec, results, confirm_unsafe, data_dir, batch, extra) -> int:
    from rich.progress import Progress

    from pcwm.evals.run import run_suite

    with Progress(disable=not sys.stderr.isatty(), transient=True) as progress:
        task = progress.add_task(f"{suite.name} / {gen.name}", total=None)
        return run_suite(suite, gen, results, model_spec=spec, confirm_unsafe=confirm_unsafe, data_dir=data_dir,
                         batch=batch, on_progress=lambda k, desc=None: _advance(progress, task, k, desc), **extra)


def _advance(progress, task, k: int, desc: str | None) -> None:
    progress.update(task, advance=k, **({"description": desc} if desc else {}))


@eval_app.command("score")
def score(
    targets: list[str] = typer.Argument(None, help="Suite names, or suite/results folders (default: every suite "
                                        "under --results)."),
    results: list[Path] = typer.Option([DEFAULT_RESULTS], "--results", "-o", help="Results folder(s) to merge."),
    out: Path = typer.Option(None, "--json", help="Also write all scores as JSON here."),
) -> None:
    """Run the suites' SQL metrics over the stored Parquet tables and print them."""
    from pcwm.evals.scoring import NoResults, find_suite_dirs

    found = find_suite_dirs([*results, *(Path(t) for t in targets or [] if Path(t).is_dir())])
    names = [t for t in targets or [] if not Path(t).is_dir()]
    if names:
        missing = [n for n in names if n not in found]
        if missing:
            raise NoResults(f"no results for {', '.join(missing)} under {', '.join(map(str, results))}")
        found = {n: found[n] for n in names}
    if not found:
        raise NoResults(f"no suite results under {', '.join(map(str, results))}")
    all_scores = {name: _print_scores(dirs) for name, dirs in found.items()}
    if out:
        from pcwm.io import write_json_atomic

        write_json_atomic(out, all_scores)


def _print_scores(dirs: list[Path]) -> dict:
    from rich.console import Console
    from rich.table import Table

    from pcwm.evals.scoring import score_dirs, suite_info

    info = suite_info(dirs[0])
    scores = score_dirs(dirs, info["kind"])
    console = Console(width=shutil.get_terminal_size((160, 24)).columns)
    for metric, rows in scores.items():
        table = Table(title=f"{info['name']}: {metric}")
        cols = list(rows[0]) if rows else []
        for c in cols:
            table.add_column(c)
        for r in rows:
            table.add_row(*(_fmt(r[c]) for c in cols))
        console.print(table)
    return scores


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


@eval_app.command("publish")
def publish_cmd(
    results: list[Path] = typer.Argument(..., help="Results folder(s) (or suite folders) holding the model's runs."),
    model_repo: str = typer.Option(..., "--model-repo", help="Hub model repo whose card gets the scores (ORG/NAME)."),
    revision: str = typer.Option("", "--revision", help="Branch of the model repo (default: main)."),
    model: str = typer.Option("", "--model", help="Model name in the results tables (default: the only one)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the card metadata instead of pushing."),
) -> None:
    """Write the model's scores into its Hub model card as model-index entries (HF_TOKEN / HF_ENDPOINT)."""
    from huggingface_hub.errors import HfHubHTTPError

    from pcwm.evals.publish import publish, summary

    try:  # PublishError, NoResults: exit 1
        text, entries = publish(results, model_repo, revision=revision or None, model=model or None,
                                dry_run=dry_run)
    except PcwmError:
        raise
    except (FileNotFoundError, HfHubHTTPError) as exc:
        raise PcwmError(str(exc)) from None
    typer.echo(text.split("\n---", 1)[0] + "\n---" if dry_run else summary(entries))
    if not dry_run:
        typer.echo(f"{len(entries)} model-index entries -> {model_repo}@{revision or 'main'}")


@eval_app.command("export")
def export_cmd(
    suite_name: str = typer.Argument(..., help="Suite name or YAML path (dataracebench or racefix kind)."),
    out: Path = typer.Option(Path("eval_items"), "--out", "-o", help="Dataset folder (one config per suite)."),
    repo: str = typer.Option("", "--repo", help="Also push the folder to this Hub dataset (e.g. pcwm/eval-items)."),
    tag: str = typer.Option("", "--tag", help="Version tag of the push (needed with --repo; never moved)."),
    data_dir: Path = typer.Option(None, "--data-dir", help="Benchmark folder (else located or fetched)."),
) -> None:
    """Export a suite's items (prompt as the model sees it, label, provenance) as a dataset, optionally pushed."""
    from pcwm.evals.items_hub import export
    from pcwm.evals.suites import load_suite
    from pcwm.hub import push_dataset

    if repo and not tag:
        raise typer.BadParameter("--repo needs --tag (suites read items at a pinned revision)")
    try:
        folder = export(load_suite(suite_name), out, data_dir=data_dir)
        typer.echo(f"{folder}: {len(list(folder.glob('*.parquet')))} file(s)")
        if repo:
            res = push_dataset(out, repo, tag=tag)
            typer.echo(f"pushed {res.repo_id}@{res.tag} ({res.commit[:12]}); run with --items-from {repo}@{tag}")
    except PcwmError:  # SuiteError (2), ItemsError, BenchmarkNotFound, HubError (1)
        raise
    except FileNotFoundError as exc:
        raise PcwmError(str(exc)) from None
