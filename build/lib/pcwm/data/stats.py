"""Figures of a dataset folder (built locally or pulled from the Hub), read from its Parquet shards."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def folder_stats(folder: str | Path) -> dict:
    """Per config: rows, race / no race (TSan), domains and sources (from provenance)."""
    import pyarrow.parquet as pq

    root = Path(folder)
    configs = sorted({p.parent for p in root.glob("*/*.parquet")})
    if not configs:
        raise FileNotFoundError(f"{root}: no <config>/*.parquet shards")
    out = {}
    for cdir in configs:
        tables = [pq.read_table(p) for p in sorted(cdir.glob("*.parquet"))]
        rows = sum(t.num_rows for t in tables)
        fig: dict = {"rows": rows, "shards": len(tables)}
        cols = tables[0].column_names
        if "has_race" in cols:
            race = sum(sum(1 for v in t.column("has_race").to_pylist() if v) for t in tables)
            fig.update(race=race, no_race=rows - race, race_fraction=round(race / rows, 4) if rows else None)
        prov = "provenance" if "provenance" in cols else ("provenance_i" if "provenance_i" in cols else None)
        if prov:
            vals = [v for t in tables for v in t.column(prov).to_pylist()]
            fig["domains"] = dict(sorted(Counter(v["domain"] for v in vals).items()))
            fig["sources"] = dict(sorted(Counter(v["source_kind"] for v in vals).items()))
        elif "domain" in cols:
            fig["domains"] = dict(sorted(Counter(v for t in tables for v in t.column("domain").to_pylist()).items()))
        out[cdir.name] = fig
    return out
