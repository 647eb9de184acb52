"""The leaderboard: every model's scores from any number of results folders, as Markdown, a static HTML page with
plots, and optionally a Hub dataset.

Scores are computed by the suites' SQL files (pcwm.evals.scoring) over the merged Parquet tables, so a model scored
on another machine joins the board by copying its `<results>/<suite>/` folder next to the others. The paper's
published numbers (src/pcwm/evals/reported.yaml) are shown in a separate section labelled "reported".

Output folder: leaderboard.md, index.html (self-contained: plots embedded), plots/*.png, scores.json, and the Hub
dataset's files: README.md (one config per table, see pcwm.leaderboard_data), tables/*.parquet and
scores/<suite>/<metric>.parquet. Each suite's table and plot come from its task (pcwm.evals.tasks).
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path

from pcwm.evals.plots import PAGE_CSS
from pcwm.evals.reported import REPORTED, load_reported
from pcwm.evals.scoring import collect
from pcwm.evals.tasks import get_task
from pcwm.evals.tasks.base import Table
from pcwm.io import write_json_atomic, write_text_atomic
from pcwm.leaderboard_data import write_dataset


@dataclass
class Board:
    scores: dict[str, dict] = field(default_factory=dict)  # suite -> {"kind", "scores": {metric: rows}}
    tables: list[Table] = field(default_factory=list)
    plots: list[tuple[str, Path]] = field(default_factory=list)




def reported_tables(path: Path = REPORTED) -> list[Table]:
    return [Table(t.title, list(t.columns), [[str(x) for x in r] for r in t.rows], t.source, "reported")
            for t in load_reported(path).tables]


def make_plots(collected: dict, out: Path) -> list[tuple[str, Path]]:
    """PNG plots, one per suite, drawn by its task (e.g. DRB accuracy per model, accuracy vs work-% gap)."""
    out.mkdir(parents=True, exist_ok=True)
    plots = []
    for suite, info in collected.items():
        title, path = get_task(info["kind"]).plot(suite, info["scores"], out)
        if path is not None:
            plots.append((title, path))
    return plots


def to_markdown(board: Board) -> str:
    parts = ["# PCWM leaderboard", "",
             "Measured here from stored generations with the suites' SQL metrics (`pcwm eval score`).", ""]
    for section, kind in (("Measured", "measured"), ("Reported in the paper (not measured here)", "reported")):
        tables = [t for t in board.tables if t.kind == kind]
        if tables:
            parts += [f"## {section}", ""]
        for t in tables:
            parts += [f"### {t.title}", "", "| " + " | ".join(t.columns) + " |",
                      "| " + " | ".join("---" for _ in t.columns) + " |"]
            parts += ["| " + " | ".join(str(c) for c in r) + " |" for r in t.rows]
            parts += ["", f"_{t.note}_" if t.note else "", ""]
    return "\n".join(parts).rstrip() + "\n"


def to_html(board: Board) -> str:
    body = ["<h1>PCWM leaderboard</h1>",
            "<p>Measured from stored generations with the suites' SQL metrics. Reported numbers are the paper's "
            "and are listed apart.</p>"]
    for section, kind in (("Measured", "measured"), ("Reported in the paper (not measured here)", "reported")):
        tables = [t for t in board.tables if t.kind == kind]
        if tables:
            body.append(f"<h2 class='{kind}'>{html.escape(section)}</h2>")
        for t in tables:
            head = "".join(f"<th>{html.escape(c)}</th>" for c in t.columns)
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in t.rows)
            body.append(f"<h3>{html.escape(t.title)}</h3><table class='{kind}'><thead><tr>{head}</tr></thead>"
                        f"<tbody>{rows}</tbody></table><p class='note'>{html.escape(t.note)}</p>")
        if kind == "measured" and board.plots:
            body.append("<h2>Plots</h2><div class='plots'>")
            for title, path in board.plots:
                data = base64.b64encode(path.read_bytes()).decode()
                body.append(f"<figure><img alt='{html.escape(title)}' src='data:image/png;base64,{data}'>"
                            f"<figcaption>{html.escape(title)}</figcaption></figure>")
            body.append("</div>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>PCWM leaderboard</title>"
            f"<style>{PAGE_CSS}</style></head><body>{''.join(body)}</body></html>\n")


def build(results: list[Path], out: Path, *, reported: bool = True) -> Board:
    """Scores every suite found under `results`, writes the leaderboard folder `out`; returns the board."""
    board = Board(scores=collect(results))
    if not board.scores:
        raise FileNotFoundError(f"no suite results under {', '.join(map(str, results))}")
    board.tables = [get_task(i["kind"]).table(s, i["scores"]) for s, i in board.scores.items()]
    for table, suite in zip(board.tables, board.scores, strict=True):
        table.suite = suite
    if reported:
        board.tables += reported_tables()
    board.plots = make_plots(board.scores, out / "plots")
    write_text_atomic(out / "leaderboard.md", to_markdown(board))
    write_text_atomic(out / "index.html", to_html(board))
    write_json_atomic(out / "scores.json", board.scores)
    write_dataset(board, out, to_markdown(board))  # tables/ + scores/ Parquet, README.md with one config each
    return board


def push(out: Path, repo_id: str, *, revision: str | None = None, private: bool = False) -> str:
    """Uploads the leaderboard folder to a Hub dataset repo (HF_TOKEN / HF_ENDPOINT from the environment)."""
    from huggingface_hub import HfApi

    api = HfApi()
    api.create_repo(repo_id, repo_type="dataset", exist_ok=True, private=private)
    if revision:
        api.create_branch(repo_id, repo_type="dataset", branch=revision, exist_ok=True)
    info = api.upload_folder(folder_path=str(out), repo_id=repo_id, repo_type="dataset", revision=revision,
                             commit_message="Update PCWM leaderboard")
    return getattr(info, "commit_url", str(info))
