"""Scores from DuckDB SQL files (src/pcwm/evals/sql/*.sql, named by each task's `sql`) run over the suites' Parquet
tables: the one implementation of every metric (`pcwm eval oracle` and the `evaluate` modules run them too).

Each SQL file reads two views: `items` (ground truth of a suite) and `generations` (one row per sample). The views
merge any number of results folders (e.g. runs of different models on different machines); a sample stored twice
(a rerun) counts once, the newest row winning.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from pcwm.errors import PcwmError
from pcwm.evals.tasks import get_task
from pcwm.evals.tasks.base import Task


class NoResults(PcwmError, FileNotFoundError):
    """No stored items or generations for the suite in the given folders."""


def suite_info(suite_dir: Path) -> dict:
    p = suite_dir / "suite.json"
    if not p.exists():
        raise NoResults(f"{suite_dir}: no suite.json (not a suite results folder written by `pcwm eval run`)")
    return json.loads(p.read_text())


def connect(suite_dirs: list[Path], kind: str):
    """An in-memory DuckDB with the `items` and `generations` views over the suite folders."""
    import duckdb

    task = get_task(kind)
    items = [str(d / "items.parquet") for d in suite_dirs if (d / "items.parquet").exists()]
    gens = [str(p) for d in suite_dirs for p in sorted(d.glob("generations/*/part-*.parquet"))]
    if not items or not gens:
        raise NoResults(f"no items or generations under {', '.join(map(str, suite_dirs))}")
    con = duckdb.connect()
    con.execute(f"CREATE VIEW items AS SELECT DISTINCT ON ({', '.join(task.item_key)}) * "
                f"FROM read_parquet({_list(items)}, union_by_name = true)")
    key = ", ".join(task.sample_key)
    con.execute(
        f"CREATE VIEW generations AS SELECT * FROM read_parquet({_list(gens)}, union_by_name = true) "
        f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY created_at DESC) = 1"
    )
    return con


def connect_tables(kind: str, items, generations):
    """An in-memory DuckDB whose `items` and `generations` views are the given Arrow tables (rows made in memory,
    e.g. by `pcwm eval oracle` or an `evaluate` module, scored by the same SQL as stored results)."""
    import duckdb

    con = duckdb.connect()
    con.register("items_rows", items)
    con.register("generation_rows", generations)
    con.execute("CREATE VIEW items AS SELECT * FROM items_rows")
    con.execute("CREATE VIEW generations AS SELECT * FROM generation_rows")
    return con


def score_tables(kind: str, items, generations, metrics: list[str] | None = None) -> dict[str, list[dict]]:
    """The task's metrics (or `metrics`) over in-memory Arrow tables: {sql name: rows}."""
    task = get_task(kind)
    con = connect_tables(kind, items, generations)
    try:
        return {name: run_sql(con, name, task) for name in metrics or task.sql}
    finally:
        con.close()


def _list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def run_sql(con, name: str, task: type[Task] = Task) -> list[dict]:
    """The rows of metric `name` (the task's SQL file) over the views of `con`."""
    cur = con.execute(task.sql_text(name))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, (_clean(v) for v in row), strict=True)) for row in cur.fetchall()]


def _clean(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy / decimal scalars
        try:
            return v.item()
        except (AttributeError, ValueError):
            return v
    return v


def score_dirs(suite_dirs: list[Path], kind: str | None = None) -> dict[str, list[dict]]:
    """Every metric of the suite kind over the merged folders: {sql name: rows}."""
    task = get_task(kind or suite_info(suite_dirs[0])["kind"])
    con = connect(suite_dirs, task.kind)
    try:
        return {name: run_sql(con, name, task) for name in task.sql}
    finally:
        con.close()


def find_suite_dirs(results: list[Path]) -> dict[str, list[Path]]:
    """Suite name -> its folders, over results folders (each holding <suite>/suite.json) or suite folders."""
    out: dict[str, list[Path]] = {}
    for root in results:
        cands = [root] if (root / "suite.json").exists() else sorted(p.parent for p in root.glob("*/suite.json"))
        for d in cands:
            out.setdefault(suite_info(d)["name"], []).append(d)
    return out


def collect(results: list[Path]) -> dict[str, dict]:
    """Suite name -> {"kind", "folders", "scores"} over all results folders (the leaderboard's and publish's input)."""
    out = {}
    for name, dirs in sorted(find_suite_dirs(results).items()):
        kind = suite_info(dirs[0])["kind"]
        out[name] = {"kind": kind, "folders": [str(d) for d in dirs], "scores": score_dirs(dirs, kind)}
    return out
