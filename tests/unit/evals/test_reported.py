"""reported.yaml holds every table of the paper, transcribed faithfully: each table's averages, as printed in the
paper, come back from its rows."""

from __future__ import annotations

import pytest

from pcwm.leaderboard import reported_tables

PAPER_TABLES = ["Importance of Teaching to Think", "Race-Fixing using Open-Weight Actor Models",
                "Caliper World Model for Ranking Parallel-Codes' (a)",
                "Caliper World Model for Ranking Parallel-Codes' (b)",
                "Reasoning Training Dataset Analysis', left", "Reasoning Training Dataset Analysis', right",
                "Compute Cost Analysis"]
# Averages the paper prints under its tables (first table, race fixing, Caliper (a) and (b), data size).
PRINTED = {
    "Importance of Teaching to Think": [60.1, 62.9, 66.7, 69.6, 73.0],
    "Race-Fixing": [74.4, 68.9, 70.7, 76.9, 71.3, 74.7, 69.2, 72.8],
    "(a)": [47.0, 59.7, 48.0, 59.0, 45.1, 57.1, 45.6, 56.4, 46.4, 58.0],
    "(b)": [50.7, 51.6, 45.7, 55.5, 44.0, 53.1, 43.7, 54.5, 46.0, 53.7],
    "right": [None, None, 67.7, 69.8, 71.7],
    "left": [49.3, 73.0],
}


def _table(key: str):
    found = [t for t in reported_tables() if key in t.note]
    assert len(found) == 1, f"{key}: {len(found)} tables"
    return found[0]


@pytest.mark.parametrize("key", PAPER_TABLES)
def test_every_paper_table_is_reported_with_full_rows(key):
    t = _table(key)
    assert t.rows and all(len(r) == len(t.columns) for r in t.rows)


@pytest.mark.parametrize("key,averages", PRINTED.items())
def test_reported_rows_give_the_papers_averages(key, averages):
    t = _table(key)
    numeric = [c for c in range(len(t.columns)) if all(_num(r[c]) is not None for r in t.rows)]
    got = [sum(_num(r[c]) for r in t.rows) / len(t.rows) for c in numeric]
    want = [a for a in averages if a is not None]
    assert got[-len(want):] == pytest.approx(want, abs=0.051)


def _num(x):
    try:
        return float(x)
    except ValueError:
        return None

