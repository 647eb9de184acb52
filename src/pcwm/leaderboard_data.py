"""The leaderboard as a loadable Hub dataset: one config per table, declared in the README's `configs:` metadata.

Every table of the board becomes its own Parquet file and config, so tables with different columns never meet in
one schema (which is what made `load_dataset` fail with a CastError before):

- `board--<suite>`: the measured table of a suite as shown on the page (numbers as numbers, so they sort);
- `scores--<suite>--<metric>`: the rows of one SQL metric (pcwm.evals.scoring), e.g. per gap bucket or P-label;
- `reported--<slug>`: a table of the paper's reported numbers (src/pcwm/evals/reported.yaml), kept apart.

The README is written through huggingface_hub's card classes (DatasetCard / DatasetCardData) with the board's
Markdown as its body; the leaderboard Space (src/pcwm/space/) reads these configs.
"""

from __future__ import annotations

import re
from pathlib import Path

SEP = "--"
MISSING = ("-", "", None)


def slug(text: str) -> str:
    """A config-name-safe form of a title ('ParEval work-% ... (reported)' -> 'pareval-work-...-reported')."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "table"


def _number(cell):
    if cell in MISSING:
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell
    try:
        return float(str(cell))
    except ValueError:
        return cell


def table_columns(table) -> dict:
    """Column name -> Arrow array; a column whose cells are all numbers (or '-') is float64, else text."""
    import pyarrow as pa

    out = {}
    for k, name in enumerate(table.columns):
        cells = [_number(r[k]) if k < len(r) else None for r in table.rows]
        if all(c is None or isinstance(c, (int, float)) for c in cells):
            out[name] = pa.array([None if c is None else float(c) for c in cells], pa.float64())
        else:
            out[name] = pa.array([None if r[k] in MISSING else str(r[k]) for r in table.rows], pa.string())
    return out


def _write(path: Path, columns: dict | list[dict]) -> None:
    import pyarrow as pa

    from pcwm.evals.store import write_table_atomic

    t = pa.Table.from_pylist(columns) if isinstance(columns, list) else pa.table(columns)
    # an all-null column has no type a reader can use; text is what an empty cell of any column reads as
    t = t.cast(pa.schema([pa.field(f.name, pa.string() if pa.types.is_null(f.type) else f.type)
                          for f in t.schema]))
    write_table_atomic(path, t)


def write_tables(board, out: Path) -> list[dict]:
    """Writes every table's Parquet file under `out`; returns the `configs:` entries (name, data file, meta)."""
    configs = []
    measured = [t for t in board.tables if t.kind == "measured"]
    for suite, table in zip(board.scores, measured, strict=True):
        rel = f"tables/board{SEP}{suite}.parquet"
        _write(out / rel, table_columns(table))
        configs.append(_config(f"board{SEP}{suite}", rel))
    for suite, info in board.scores.items():
        for metric, rows in info["scores"].items():
            if rows:
                rel = f"scores/{suite}/{metric}.parquet"
                _write(out / rel, rows)
                configs.append(_config(f"scores{SEP}{suite}{SEP}{metric}", rel))
    seen: set[str] = set()
    for table in (t for t in board.tables if t.kind == "reported"):
        name = f"reported{SEP}{slug(table.title)}"
        while name in seen:
            name += "-x"
        seen.add(name)
        rel = f"tables/{name}.parquet"
        _write(out / rel, table_columns(table))
        configs.append(_config(name, rel))
    if configs:
        configs[0]["default"] = True
    return configs


def _config(name: str, rel: str) -> dict:
    return {"config_name": name, "data_files": [{"split": "train", "path": rel}]}


def card_text(configs: list[dict], body: str, *, pretty_name: str = "PCWM leaderboard") -> str:
    """README.md of the leaderboard dataset: DatasetCardData metadata (configs, tags) + the board as Markdown."""
    from huggingface_hub import DatasetCard, DatasetCardData

    data = DatasetCardData(pretty_name=pretty_name, license="apache-2.0", language=["en"],
                           tags=["leaderboard", "pcwm", "openmp", "world-model", "evaluation"],
                           size_categories=["n<1K"], configs=configs)
    usage = ("\n## Loading\n\nEach table is a config: `load_dataset(REPO, CONFIG, split=\"train\")`. Configs: "
             + ", ".join(f"`{c['config_name']}`" for c in configs) + ".\n")
    card = DatasetCard.from_template(data, template_str="---\n{{ card_data }}\n---\n\n{{ body }}\n{{ usage }}",
                                     body=body.rstrip(), usage=usage)
    return str(card)


def write_dataset(board, out: Path, markdown: str) -> list[dict]:
    """Writes the tables and the README card into the leaderboard folder; returns the configs."""
    from pcwm.io import write_text_atomic

    configs = write_tables(board, out)
    write_text_atomic(out / "README.md", card_text(configs, markdown))
    return configs
