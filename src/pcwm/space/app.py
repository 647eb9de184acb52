"""PCWM leaderboard Space: reads the leaderboard dataset (one config per table, see pcwm.leaderboard_data) from the
Hub and shows, per suite, the measured table (sortable), the paper's reported numbers beside it, and plots:
accuracy per measured work-% gap bucket, accuracy per DataRaceBench P-label, race-free % per feedback source.

Which dataset: `PCWM_LEADERBOARD_REPO` / `PCWM_LEADERBOARD_REVISION`, else `leaderboard.json` next to this file
(written by `pcwm leaderboard space`), else pcwm/leaderboard at main. The Hub endpoint and token come from the usual
variables (HF_ENDPOINT, HF_TOKEN). Run locally: `python app.py` (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HERE = Path(__file__).parent
KIND_TITLES = {"dataracebench": "DataRaceBench race prediction", "pareval_caliper": "ParEval work-% ranking",
               "racefix": "Race fixing", "other": "Other reported results"}
GAP_ORDER = ["<10", "10-20", "20-30", "30-40", ">40"]


def dataset_ref() -> tuple[str, str]:
    """(repo id, revision) of the leaderboard dataset."""
    conf = HERE / "leaderboard.json"
    saved = json.loads(conf.read_text()) if conf.is_file() else {}
    return (os.environ.get("PCWM_LEADERBOARD_REPO") or saved.get("repo") or "pcwm/leaderboard",
            os.environ.get("PCWM_LEADERBOARD_REVISION") or saved.get("revision") or "main")


def load_board(repo: str, revision: str) -> tuple:
    """(index DataFrame, {config: DataFrame}) with every config of the dataset, loaded with `load_dataset`."""
    from datasets import load_dataset

    index = load_dataset(repo, "index", revision=revision, split="train").to_pandas()
    tables = {name: load_dataset(repo, name, revision=revision, split="train").to_pandas()
              for name in index["config_name"]}
    return index, tables


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def gap_plot(df, title: str):
    """Ranking accuracy per measured work-% gap bucket, one line per model."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3.2))
    buckets = sorted(df["gap_bucket"].unique(), key=lambda b: GAP_ORDER.index(b) if b in GAP_ORDER else 99)
    for model, rows in df.groupby("model"):
        pts = dict(zip(rows["gap_bucket"], 100 * rows["accuracy"], strict=True))
        xs = [i for i, b in enumerate(buckets) if b in pts]
        ax.plot(xs, [pts[buckets[i]] for i in xs], marker="o", label=model)
    ax.set_xticks(range(len(buckets)), buckets)
    ax.set(xlabel="measured work-% gap (points)", ylabel="accuracy %", ylim=(-5, 105), title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def grouped_bars(df, group: str, bar: str, value: str, title: str, ylabel: str, scale: float = 1.0):
    """Bars of `value` per `group` (x axis), one bar per `bar` value."""
    plt = _plt()
    groups, bars = sorted(df[group].unique()), sorted(df[bar].unique())
    fig, ax = plt.subplots(figsize=(max(6, 0.6 * len(groups) * len(bars)), 3.2))
    w = 0.8 / max(1, len(bars))
    for k, b in enumerate(bars):
        sub = df[df[bar] == b].set_index(group)[value]
        xs = [i + (k - (len(bars) - 1) / 2) * w for i in range(len(groups))]
        ax.bar(xs, [scale * sub.get(g, 0) for g in groups], width=w, label=str(b))
    ax.set_xticks(range(len(groups)), groups, fontsize=7, rotation=30 if len(groups) > 4 else 0, ha="right")
    ax.set(ylabel=ylabel, ylim=(0, 105), title=title)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def plots_for(kind: str, suite: str, scores: dict) -> list:
    """(label, figure) pairs of a suite, from its `scores--` tables."""
    out = []
    if kind == "pareval_caliper" and "caliper_gap" in scores:
        out.append((f"{suite}: accuracy per gap bucket", gap_plot(scores["caliper_gap"], f"{suite}: gap buckets")))
    if kind == "dataracebench" and "drb_plabels" in scores:
        out.append((f"{suite}: accuracy per P-label", grouped_bars(
            scores["drb_plabels"], "plabel", "model", "accuracy", f"{suite}: per-label accuracy", "accuracy %", 100)))
    if kind == "racefix" and "racefix_rates" in scores:
        out.append((f"{suite}: race-free % per feedback source", grouped_bars(
            scores["racefix_rates"], "feedback", "actor", "race_free_pct", f"{suite}: feedback sources",
            "race-free %")))
    return out


def _table(gr, df, label: str, elem_id: str):
    numeric = ["number" if str(t).startswith(("float", "int")) else "str" for t in df.dtypes]
    return gr.Dataframe(value=df, label=label, datatype=numeric, interactive=False, elem_id=elem_id,
                        elem_classes=["pcwm-table"], wrap=True)


def build_demo(index, tables, repo: str, revision: str):
    import gradio as gr

    with gr.Blocks(title="PCWM leaderboard") as demo:
        gr.Markdown(f"# PCWM leaderboard\nMeasured with `pcwm eval` (dataset `{repo}` at `{revision}`). Sort a table "
                    "from its column menu (⋮). The paper's reported numbers are shown beside the measured ones.")
        for kind in [k for k in KIND_TITLES if k in set(index["kind"])]:
            rows = index[index["kind"] == kind]
            gr.Markdown(f"## {KIND_TITLES[kind]}")
            reported = rows[rows["role"] == "reported"]
            for _, b in rows[rows["role"] == "board"].iterrows():
                scores = {r.metric: tables[r.config_name] for r in rows.itertuples()
                          if r.role == "scores" and r.suite == b.suite}
                with gr.Row():
                    with gr.Column(scale=3):
                        _table(gr, tables[b.config_name], f"Measured — {b.title}", b.config_name)
                        gr.Markdown(f"<small>{b.note}</small>")
                    with gr.Column(scale=2):
                        for r in reported.itertuples():
                            _table(gr, tables[r.config_name], f"Reported in the paper — {r.title}", r.config_name)
                with gr.Row():
                    for label, fig in plots_for(kind, b.suite, scores):
                        gr.Plot(value=fig, label=label)
            if rows[rows["role"] == "board"].empty:  # reported only: nothing measured for this kind yet
                for r in reported.itertuples():
                    _table(gr, tables[r.config_name], f"Reported in the paper — {r.title}", r.config_name)
    return demo


def main() -> None:
    repo, revision = dataset_ref()
    index, tables = load_board(repo, revision)
    import gradio as gr

    theme = gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["monospace"])  # no web-font fetches
    build_demo(index, tables, repo, revision).launch(theme=theme)


if __name__ == "__main__":
    main()
