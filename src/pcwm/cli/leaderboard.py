"""`pcwm leaderboard`: merge evaluation results into a leaderboard and publish it."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from pcwm.errors import PcwmError
from pcwm.leaderboard import build, push

leaderboard_app = typer.Typer(help="Merge evaluation results into a leaderboard (Markdown, HTML, Hub dataset).",
                              no_args_is_help=True)


@leaderboard_app.command("build")
def build_cmd(
    results: list[Path] = typer.Argument(None, help="Results folders to merge (default: eval_results)."),
    out: Path = typer.Option(Path("leaderboard"), "--out", "-o", help="Output folder."),
    no_reported: bool = typer.Option(False, "--no-reported", help="Leave out the paper's reported numbers."),
    push_to: str = typer.Option("", "--push", help="Also upload to this Hub dataset repo (e.g. pcwm/leaderboard)."),
    revision: str = typer.Option("", "--revision", help="Hub branch to push to (created if missing)."),
) -> None:
    """Build leaderboard.md, index.html (with plots) and scores from stored evaluation results."""
    try:  # NoResults: exit 1
        board = build(results or [Path("eval_results")], out, reported=not no_reported)
    except PcwmError:
        raise
    except FileNotFoundError as exc:
        raise PcwmError(str(exc)) from None
    typer.echo(f"{len(board.scores)} suites, {len(board.plots)} plots -> {out / 'index.html'}")
    typer.echo(json.dumps({s: i["folders"] for s, i in board.scores.items()}, indent=1))
    if push_to:
        typer.echo(f"pushed: {push(out, push_to, revision=revision or None)}")


@leaderboard_app.command("space")
def space_cmd(
    dataset: str = typer.Option(..., "--dataset", help="Leaderboard dataset the Space reads (e.g. pcwm/leaderboard)."),
    revision: str = typer.Option("main", "--revision", help="Revision of the dataset to read."),
    out: Path = typer.Option(Path("leaderboard-space"), "--out", "-o", help="Space folder to write."),
    push_to: str = typer.Option("", "--push", help="Also upload to this Hub Space repo (e.g. pcwm/leaderboard)."),
) -> None:
    """Write the leaderboard Space (Gradio app.py, requirements.txt, README.md) and optionally push it."""
    from pcwm.leaderboard_data import push_space, write_space

    folder = write_space(out, dataset, revision)
    typer.echo(f"Space folder: {folder} (run locally: python {folder / 'app.py'})")
    if push_to:
        typer.echo(f"pushed: {push_to}@{push_space(folder, push_to)[:12]}")
