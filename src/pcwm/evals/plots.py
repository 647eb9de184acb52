"""Leaderboard plot helpers (matplotlib, Agg backend) and the page's stylesheet; each task draws its own plot."""

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


def pyplot():
    """matplotlib.pyplot on the Agg backend (imported on first use)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(fig, path: Path) -> Path:
    """Writes the figure as a PNG and closes it."""
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    pyplot().close(fig)
    return path
