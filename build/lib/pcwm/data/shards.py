"""Streaming rows into Parquet shards in the Hub's layout: `<config>/<split>-00000-of-00003.parquet`.

Rows are buffered up to `shard_rows` and written one shard at a time (memory stays bounded for large datasets);
shards get their final `-of-N` names only when the split is complete, so a reader never sees a partial split.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROW_GROUP = 100  # small row groups: the Hub's viewer and streaming readers fetch by row group


class ShardWriter:
    """Collects rows of one config/split and writes them as Parquet shards typed by `features`."""

    def __init__(self, out: str | Path, config: str, split: str, features, shard_rows: int = 5000):
        if shard_rows < 1:
            raise ValueError(f"shard_rows must be >= 1, got {shard_rows}")
        self.dir = Path(out) / config
        self.tmp = self.dir / f".{split}.partial"
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        self.split, self.features, self.shard_rows = split, features, shard_rows
        self.buffer: list[dict] = []
        self.parts: list[Path] = []
        self.rows = 0
        self.num_bytes = 0

    def add(self, row: dict) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= self.shard_rows:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.buffer:
            return
        table = pa.Table.from_pylist([self.features.encode_example(r) for r in self.buffer],
                                     schema=self.features.arrow_schema)
        part = self.tmp / f"part-{len(self.parts):05d}.parquet"
        pq.write_table(table, part, row_group_size=ROW_GROUP, compression="zstd")
        self.parts.append(part)
        self.rows += table.num_rows
        self.num_bytes += table.nbytes
        self.buffer = []

    def close(self) -> list[Path]:
        """Writes what is left and moves the shards to their final names; returns their paths."""
        self._flush()
        for old in self.dir.glob(f"{self.split}-*.parquet"):
            old.unlink()
        n = len(self.parts)
        final = []
        for i, part in enumerate(self.parts):
            dest = self.dir / f"{self.split}-{i:05d}-of-{n:05d}.parquet"
            part.replace(dest)
            final.append(dest)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return final
