"""`pcwm dataset build | push | pull | stats`: versioned Hugging Face datasets from sandbox and pipeline outputs."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from pcwm.errors import PcwmError, UsageError


class DatasetKind(str, Enum):
    """What a dataset holds: TSan-labelled candidates, Caliper work-% pairs, or the seed problems themselves."""

    tsan = "tsan"
    caliper = "caliper"
    problems = "problems"


dataset_app = typer.Typer(
    help="Datasets: build from labelled candidates, push/pull immutable versions on the Hub, show figures.",
    no_args_is_help=True,
)


@dataset_app.command("build")
def build(
    inputs: list[Path] = typer.Argument(..., help="Candidate records: .jsonl/.json/.parquet files, a candidate-engine "
                                                  "store (OUT of `pcwm problems mutate`), or pipeline outputs "
                                                  "(Distiset.save_to_disk folders). For --kind problems: the seeds "
                                                  "folder."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (Hub layout: <config>/train-*.parquet, "
                                                      "README.md, build_report.json)."),
    kind: DatasetKind = typer.Option(DatasetKind.tsan, "--kind", help="What the dataset holds."),
    configs: str = typer.Option("hindsight,no_cot,no_hindsight", "--configs",
                                help="Comma-separated configs to write; a CoT config without CoT input is skipped."),
    near_dup: float = typer.Option(0.9, "--near-dup", help="MinHash Jaccard threshold for near-duplicates with the "
                                                           "same outcome; 0 disables."),
    decontam: bool = typer.Option(True, "--decontam/--no-decontam",
                                  help="Drop candidates overlapping DataRaceBench / ParEval programs."),
    decontam_extra: list[Path] = typer.Option([], "--decontam-extra",
                                              help="More benchmark files or folders to decontaminate against."),
    balance: float = typer.Option(None, "--balance", help="Cap the majority label (race / no race) at this share, "
                                                         "e.g. 0.5 for equal counts; default: report only."),
    max_cots: int = typer.Option(4, "--max-cots", help="CoT samples kept per candidate (per CoT config)."),
    max_pairs: int = typer.Option(6, "--max-pairs", help="Caliper: pairs per problem, drawn at random over all its "
                                                         "candidates."),
    pair_seed: int = typer.Option(0, "--pair-seed", help="Caliper: seed of the pair draw."),
    shard_rows: int = typer.Option(5000, "--shard-rows", help="Rows per Parquet shard."),
    host_cores: int = typer.Option(None, "--host-cores", help="Cores of the host that ran the tools, for records "
                                                             "that do not say (sets the oversubscription flag)."),
    card: Path = typer.Option(None, "--card", help="Card YAML (default: dataset_cards/<kind>.yaml)."),
    repo_id: str = typer.Option(None, "--repo-id", help="Hub id shown in the card's usage snippet."),
    as_json: bool = typer.Option(False, "--json", help="Print the build report as JSON."),
) -> None:
    """Build a dataset folder: filter labels, merge exact duplicates, decontaminate, remove near-duplicates, shard,
    render the card. Every drop is counted (and decontamination drops listed) in OUT/build_report.json."""
    from rich.progress import Progress

    from pcwm.data.build import BuildOptions, build_dataset

    try:
        opts = BuildOptions(kind=kind.value, configs=tuple(c.strip() for c in configs.split(",") if c.strip())
                            if kind != DatasetKind.problems else ("seeds",), near_dup_threshold=near_dup or None,
                            decontaminate=decontam, decontam_extra=tuple(str(p) for p in decontam_extra),
                            balance=balance, max_cots_per_code=max_cots, max_pairs_per_problem=max_pairs,
                            pair_seed=pair_seed,
                            shard_rows=shard_rows, host_cores=host_cores)
        with Progress(transient=True) as bar:
            task = bar.add_task("writing rows", total=None)
            report = build_dataset([str(p) for p in inputs], out, opts, card=card, repo_id=repo_id,
                                   progress=lambda _c: bar.advance(task))
    except PcwmError:  # RecordError, CardError (2), BenchmarkNotFound (1)
        raise
    except (ValueError, FileNotFoundError) as exc:
        raise UsageError(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(report, indent=1, default=str))
    else:
        _print_report(report, out)


def _print_report(report: dict, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{report['kind']} dataset in {out}")
    for col in ("config", "rows", "race", "no race", "race share"):
        t.add_column(col, justify="right" if col != "config" else "left")
    for name, s in report["configs"].items():
        share = s.get("race_fraction")
        t.add_row(name, str(s.get("rows", 0)), str(s.get("race", "")), str(s.get("no_race", "")),
                  f"{share:.3f}" if isinstance(share, float) else "")
    con = Console()
    con.print(t)
    dec = report.get("decontamination", {})
    con.print(f"records {report['records']}, unique candidates {report['candidates']}, exact duplicates merged "
              f"{report['exact_duplicates']}, kept {report.get('kept_candidates')}; dropped: "
              + (", ".join(f"{k} {v}" for k, v in sorted(report["dropped"].items())) or "none"))
    if dec.get("enabled"):
        for d in dec["dropped"][:20]:
            con.print(f"  decontaminated: {d['id']} ({d['problem_id']}) ~ {d['benchmark']}:{d['program']} "
                      f"[{d['channel']} {d['score']:.2f}]")


@dataset_app.command("subset")
def subset(
    folder: Path = typer.Argument(..., help="A folder written by `pcwm dataset build`."),
    sizes: str = typer.Option(..., "--sizes", help="Row counts (6k,13k,27k or 6000,...) or fractions (0.25,0.5)."),
    config: list[str] = typer.Option([], "--config", help="Configs to subset (repeatable; default: all built)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the problem order (same seed: same subsets)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Nested, seeded, by-problem subsets (the data-size ablation), written as `<config>_<size>` configs of FOLDER:
    every smaller subset is inside every larger one; train on one with `pcwm train ... --dataset_config
    hindsight_6k`."""
    from pcwm.data.subsets import make_subsets, parse_sizes

    try:  # SubsetError: exit 2
        figures = make_subsets(folder, parse_sizes(sizes), configs=config or None, seed=seed)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(figures, indent=1))
        return
    for cfg, by_size in figures.items():
        for lab, f in by_size.items():
            typer.echo(f"{cfg}_{lab}: {f['rows']} rows from {f['problems']} problems")


@dataset_app.command("push")
def push(
    folder: Path = typer.Argument(..., help="A folder written by `pcwm dataset build`."),
    repo: str = typer.Option(..., "--repo", help="Hub dataset id, e.g. pcwm/tsan-27k."),
    tag: str = typer.Option(..., "--tag", help="Version tag for the pushed commit (immutable), e.g. v1.0."),
    branch: str = typer.Option("main", "--branch", help="Branch to commit to (created if missing)."),
    private: bool = typer.Option(True, "--private/--public", help="Visibility when the repo is created."),
    token: str = typer.Option(None, "--token", help="Hub token (default: HF_TOKEN or `hf auth login`)."),
    files_per_commit: int = typer.Option(20, "--files-per-commit", help="Shards per commit (resume checkpoints)."),
) -> None:
    """Push a built dataset (shards + card) and tag it; rerun the same command to resume an interrupted push."""
    from pcwm.hub import push_dataset

    res = push_dataset(folder, repo, tag=tag, branch=branch, private=private, token=token,  # HubError: exit 1
                       files_per_commit=files_per_commit,
                       progress=lambda done, total: typer.echo(f"shards {done}/{total}", err=True))
    typer.echo(f"{res.repo_id}@{res.tag} = commit {res.commit} on {res.branch}: {res.uploaded_files} files "
               f"uploaded, {res.skipped_files} already there ({res.url})")


@dataset_app.command("pull")
def pull(
    repo: str = typer.Argument(..., help="Hub dataset id."),
    revision: str = typer.Option(..., "--revision", help="Version tag, branch or commit."),
    out: Path = typer.Option(None, "--out", "-o", help="Folder to download into (default: the HF cache)."),
    config: list[str] = typer.Option([], "--config", help="Only these configs (repeatable)."),
    token: str = typer.Option(None, "--token", help="Hub token for private repos."),
) -> None:
    """Download a dataset version; prints the local folder."""
    from pcwm.hub import pull_dataset

    typer.echo(str(pull_dataset(repo, revision, out, token=token, configs=config or None)))  # HubError: exit 1


@dataset_app.command("stats")
def stats(
    target: str = typer.Argument(..., help="A dataset folder, or a Hub id (then --revision)."),
    revision: str = typer.Option(None, "--revision", help="Version of a Hub dataset."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Rows per config, race / no-race balance, domains and sources, read from the Parquet shards."""
    from pcwm.data.stats import folder_stats
    from pcwm.hub import pull_dataset

    path = Path(target)
    if not path.is_dir():
        if revision is None:
            raise UsageError(f"{target} is not a folder; for a Hub dataset give --revision")
        path = pull_dataset(target, revision)  # HubError: exit 1
    try:
        figures = folder_stats(path)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(figures, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=str(target))
    for col in ("config", "rows", "race", "no race", "race share", "domains"):
        t.add_column(col)
    for name, s in figures.items():
        share = s.get("race_fraction")
        t.add_row(name, str(s["rows"]), str(s.get("race", "")), str(s.get("no_race", "")),
                  f"{share:.3f}" if share is not None else "", str(len(s.get("domains", {}))))
    Console().print(t)
