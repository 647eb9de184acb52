"""Parquet storage of suite items, generations and verdicts: what the SQL metrics read.

Layout under a results folder (default `eval_results/`)::

    <results>/<suite>/items.parquet                       ground truth, one row per scored item
    <results>/<suite>/generations/<model>/part-*.parquet  one row per sample: model, suite, revision, prompt_hash, ...
    <results>/<suite>/pairs/...                            (pareval_caliper) the saved solution and pair set

Each batch of finished items is written as its own part file (atomically: temp file + rename), so an interrupted
run loses at most the batch in flight and a rerun skips every (item, prompt hash, sample) already stored.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def slug(name: str) -> str:
    """A folder name for a model spec ('hf:/x/y@main' -> 'hf_x_y_main')."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")
    return s[:120] or "model"


def write_table_atomic(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def to_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


class SuiteStore:
    """The results of one suite: items table and per-model generation parts."""

    def __init__(self, root: str | Path, suite: str):
        self.root = Path(root)
        self.dir = self.root / suite
        self.suite = suite

    @property
    def items_path(self) -> Path:
        return self.dir / "items.parquet"

    def write_items(self, rows: list[dict], schema: pa.Schema, key: tuple[str, ...] = ("item_id",)) -> None:
        """Stores ground-truth rows, merged with those already stored (a smaller rerun keeps the others)."""
        merged: dict[tuple, dict] = {}
        if self.items_path.exists():
            for r in pq.read_table(self.items_path).to_pylist():
                merged[tuple(r[k] for k in key)] = r
        for r in rows:
            merged[tuple(r[k] for k in key)] = r
        write_table_atomic(self.items_path, to_table(list(merged.values()), schema))

    def model_dir(self, model: str) -> Path:
        return self.dir / "generations" / slug(model)

    def append(self, model: str, rows: list[dict], schema: pa.Schema) -> Path | None:
        if not rows:
            return None
        path = self.model_dir(model) / f"part-{time.time_ns()}-{os.getpid()}.parquet"
        write_table_atomic(path, to_table(rows, schema))
        return path

    def read(self, model: str, columns: list[str] | None = None) -> list[dict]:
        parts = sorted(self.model_dir(model).glob("part-*.parquet"))
        rows: list[dict] = []
        for p in parts:
            rows.extend(pq.read_table(p, columns=columns).to_pylist())
        return rows

    def done(self, model: str, key: Iterable[str]) -> set[tuple]:
        """Keys (tuples of the `key` columns) of every stored sample of `model`."""
        cols = list(key)
        return {tuple(r[c] for c in cols) for r in self.read(model, cols)}

    def generation_files(self) -> list[Path]:
        return sorted(self.dir.glob("generations/*/part-*.parquet"))
