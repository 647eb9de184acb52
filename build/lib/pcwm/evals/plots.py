"""Leaderboard plots (matplotlib, Agg backend) and the page's stylesheet."""

from __future__ import annotations

from pathlib import Path

PAGE_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ccc; padding-bottom: 0.2rem; margin-top: 2rem; }
h2.reported { color: #8a5a00; border-color: #e0b050; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f0f3f7; } table.reported thead th { background: #fbf1dc; }
tbody tr:nth-child(even) { background: #fafafa; }
p.note { color: #666; font-size: 0.8rem; margin-top: 0; }
.plots { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; } figure img { max-width: 520px; border: 1px solid #ddd; }
figcaption { font-size: 0.8rem; color: #555; }
"""


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    _plt().close(fig)
    return path


def drb_accuracy(suite: str, scores: dict, out: Path) -> tuple[str, Path | None]:
    """Horizontal bars: accuracy per model, overall and on the clean subset."""
    rows = scores["drb_summary"]
    models = sorted({r["model"] for r in rows}, key=lambda m: next(
        (r["accuracy"] for r in rows if r["model"] == m and r["subset"] == "overall"), 0))
    if not models:
        return "", None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * len(models)))
    h = 0.38
    for k, subset in enumerate(("overall", "clean")):
        vals = [next((100 * r["accuracy"] for r in rows if r["model"] == m and r["subset"] == subset), 0)
                for m in models]
        ax.barh([i + (k - 0.5) * h for i in range(len(models))], vals, height=h, label=subset)
    ax.set_yticks(range(len(models)), models)
    ax.set_xlim(0, 100)
    ax.set_xlabel("accuracy %")
    ax.axvline(50, color="#999", lw=0.8, ls="--")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"{suite}: race-prediction accuracy", fontsize=10)
    return f"{suite}: accuracy per model", _save(fig, out / f"{suite}-accuracy.png")


def gap_accuracy(suite: str, scores: dict, out: Path) -> tuple[str, Path | None]:
    """Accuracy vs measured work-% gap bucket, one line per model (the paper's figure)."""
    rows = scores["caliper_gap"]
    if not rows:
        return "", None
    buckets = []
    for r in rows:
        if r["gap_bucket"] not in buckets:
            buckets.append(r["gap_bucket"])
    order = ["<10", "10-20", "20-30", "30-40", ">40"]
    buckets.sort(key=lambda b: order.index(b) if b in order else len(order))
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for model in sorted({r["model"] for r in rows}):
        pts = {r["gap_bucket"]: 100 * r["accuracy"] for r in rows if r["model"] == model}
        xs = [i for i, b in enumerate(buckets) if b in pts]
        ax.plot(xs, [pts[buckets[i]] for i in xs], marker="o", label=model)
    ax.set_xticks(range(len(buckets)), buckets)
    ax.set_xlabel("measured work-% gap between the two codes (points)")
    ax.set_ylabel("ranking accuracy %")
    ax.set_ylim(-5, 105)
    ax.legend(fontsize=8)
    ax.set_title(f"{suite}: accuracy vs measured gap", fontsize=10)
    return f"{suite}: accuracy vs work-% gap", _save(fig, out / f"{suite}-gap.png")


def racefix_bars(suite: str, scores: dict, out: Path) -> tuple[str, Path | None]:
    """Grouped bars: race-free % per actor, one bar per feedback source."""
    rows = scores["racefix_rates"]
    actors = sorted({r["actor"] for r in rows})
    feedback = sorted({r["feedback"] for r in rows})
    if not actors:
        return "", None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3.4))
    w = 0.8 / len(feedback)
    for k, f in enumerate(feedback):
        vals = [next((r["race_free_pct"] for r in rows if r["actor"] == a and r["feedback"] == f), 0) for a in actors]
        ax.bar([i + (k - (len(feedback) - 1) / 2) * w for i in range(len(actors))], vals, width=w, label=f)
    ax.set_xticks(range(len(actors)), actors, fontsize=8)
    ax.set_ylabel("race-free %")
    ax.set_ylim(0, 105)
    ax.legend(fontsize=7, title="feedback", title_fontsize=7)
    ax.set_title(f"{suite}: race-free after one fixing pass", fontsize=10)
    return f"{suite}: race-fix results", _save(fig, out / f"{suite}-racefix.png")
