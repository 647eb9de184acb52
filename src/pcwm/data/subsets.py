"""Nested, seeded, by-problem subsets of a built dataset (the paper's data-size ablation: 6K, 13K, 27K rows).

Problems are put in one order by a seeded hash of their id; every subset is the first N rows of the config in that
order (whole problems, the last one cut so the size is exact), so a smaller subset is always inside a larger one and
all codes of a problem come in together. Subsets are written as new configs of the same dataset folder,
`<config>_<label>` (e.g. `hindsight_6k`, `hindsight_50pct`), in the Hub layout: `pcwm dataset push` publishes them,
`pcwm train --dataset_config hindsight_6k` trains on one. The build report and the card list them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pcwm.errors import UsageError
from pcwm.io import write_json_atomic


class SubsetError(UsageError):
    """Sizes or a dataset folder that cannot give the subsets asked for."""


def parse_sizes(text: str) -> list[float]:
    """'6000,13000,27000' or '6k,13k,27k' (rows) or '0.25,0.5' (fractions of the config's rows)."""
    sizes = []
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        try:
            sizes.append(float(part[:-1]) * 1000 if part.endswith("k") else float(part))
        except ValueError:
            raise SubsetError(f"size {part!r}: expected a row count (6000 or 6k) or a fraction (0.25)") from None
    if not sizes or any(s <= 0 for s in sizes):
        raise SubsetError(f"sizes {text!r}: give positive row counts or fractions in (0, 1]")
    return sizes


def label(size: float) -> str:
    if size <= 1:
        return f"{round(size * 100):g}pct"
    return f"{size / 1000:g}k" if size % 1000 == 0 else f"{int(size)}"


def _problem(row: dict) -> str:
    return str(row.get("problem_id") or (row.get("provenance") or {}).get("problem_id") or row["id"])


def _rank(seed: int, key: str) -> str:
    return hashlib.sha256(f"pcwm-subset|{seed}|{key}".encode()).hexdigest()


def ordered_rows(table, seed: int) -> list[int]:
    """Row indices of a config in subset order: problems by seeded hash, rows of a problem by seeded hash of id."""
    ids = table.column("id").to_pylist()
    problems = [_problem(r) for r in table.select([c for c in ("problem_id", "provenance", "id")
                                                   if c in table.column_names]).to_pylist()]
    return sorted(range(len(ids)), key=lambda i: (_rank(seed, problems[i]), _rank(seed, ids[i])))


def _read_config(folder: Path, config: str):
    import pyarrow as pa
    import pyarrow.parquet as pq

    shards = sorted((folder / config).glob("train-*.parquet"))
    if not shards:
        raise SubsetError(f"{folder}: config {config!r} has no train shards")
    return pa.concat_tables([pq.read_table(s) for s in shards])


def _stats(table, rows: list[int], kind: str) -> dict:
    """The figures the build report and the card show for a config (pcwm.data.build.config_stats)."""
    from pcwm.data.build import config_stats

    prov_col = "provenance" if "provenance" in table.column_names else "provenance_i"
    provs = table.column(prov_col).to_pylist()
    races = table.column("has_race").to_pylist() if "has_race" in table.column_names else [False] * len(provs)
    stats = config_stats([(races[i], provs[i].get("domain"), provs[i].get("source_kind")) for i in rows])
    if kind != "tsan":
        for k in ("race", "no_race", "race_fraction"):
            stats.pop(k)
    return stats


def make_subsets(folder: str | Path, sizes: list[float], *, configs: list[str] | None = None, seed: int = 0) -> dict:
    """Writes `<config>_<label>` configs into the dataset folder; returns {config: {label: figures}}."""
    import pyarrow.parquet as pq

    from pcwm.data.cards import write_card

    folder = Path(folder)
    report_path = folder / "build_report.json"
    if not report_path.is_file():
        raise SubsetError(f"{folder}: no build_report.json (a folder written by `pcwm dataset build`)")
    report = json.loads(report_path.read_text())
    built = [c for c, s in report["configs"].items() if s.get("rows") and "subset_of" not in s]
    configs = configs or built
    unknown = sorted(set(configs) - set(built))
    if unknown:
        raise SubsetError(f"{folder}: no config {unknown[0]!r} (has {', '.join(built)})")
    out: dict[str, dict] = {}
    for config in configs:
        table = _read_config(folder, config)
        order = ordered_rows(table, seed)
        problems = [_problem(r) for r in table.select([c for c in ("problem_id", "provenance", "id")
                                                       if c in table.column_names]).to_pylist()]
        out[config] = {}
        for size in sorted(sizes):
            n = round(size * len(order)) if size <= 1 else int(size)
            if n > len(order):
                raise SubsetError(f"config {config}: {n} rows asked, it has {len(order)}")
            name = f"{config}_{label(size)}"
            dest = folder / name
            dest.mkdir(parents=True, exist_ok=True)
            for old in dest.glob("train-*.parquet"):
                old.unlink()
            tmp = dest / ".train.partial.parquet"
            pq.write_table(table.take(sorted(order[:n])), tmp, row_group_size=100, compression="zstd")
            tmp.replace(dest / "train-00000-of-00001.parquet")
            figures = {**_stats(table, order[:n], report["kind"]),
                       "problems": len({problems[i] for i in order[:n]}), "subset_of": config,
                       "seed": seed, "num_bytes": (dest / "train-00000-of-00001.parquet").stat().st_size,
                       "shards": [f"{name}/train-00000-of-00001.parquet"]}
            out[config][label(size)] = figures
            report["configs"][name] = figures
    write_json_atomic(report_path, report)
    write_card(folder, report)
    return out
