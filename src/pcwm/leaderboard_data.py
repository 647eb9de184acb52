"""The leaderboard as a loadable Hub dataset: one config per table, declared in the README's `configs:` metadata.

Every table of the board becomes its own Parquet file and config, so tables with different columns never meet in
one schema (which is what made `load_dataset` fail with a CastError before):

- `board--<suite>`: the measured table of a suite as shown on the page (numbers as numbers, so they sort);
- `scores--<suite>--<metric>`: the rows of one SQL metric (pcwm.evals.scoring), e.g. per gap bucket or P-label;
- `reported--<slug>`: a table of the paper's reported numbers (src/pcwm/evals/reported.yaml), kept apart;
- `index` (the default config): one row per other config with its role (board | scores | reported), suite, suite
  kind, metric, title and note, so a reader (the Space) finds tables without parsing names.

The README is written through huggingface_hub's card classes (DatasetCard / DatasetCardData) with the board's
Markdown as its body; the leaderboard Space (src/pcwm/space/) reads these configs.
"""

from __future__ import annotations

import re
from pathlib import Path

from pcwm.evals.store import write_table_atomic
from pcwm.evals.tasks import kind_of_reported_title
from pcwm.io import write_text_atomic

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

    t = pa.Table.from_pylist(columns) if isinstance(columns, list) else pa.table(columns)
    # an all-null column has no type a reader can use; text is what an empty cell of any column reads as
    t = t.cast(pa.schema([pa.field(f.name, pa.string() if pa.types.is_null(f.type) else f.type)
                          for f in t.schema]))
    write_table_atomic(path, t)


def reported_kind(title: str) -> str:
    """The suite kind a reported table belongs to, from its title (each task's `reported_words`)."""
    return kind_of_reported_title(title)


def write_tables(board, out: Path) -> list[dict]:
    """Writes every table's Parquet file under `out` and the `index` table describing them; returns the
    `configs:` entries (the index first, the default)."""
    index: list[dict] = []

    def add(name: str, rel: str, data, **meta) -> None:
        _write(out / rel, data)
        index.append({"config_name": name, "path": rel, **meta})

    for table in (t for t in board.tables if t.kind == "measured"):
        suite = table.suite or slug(table.title)
        kind = board.scores[table.suite]["kind"] if table.suite in board.scores else "other"
        add(f"board{SEP}{suite}", f"tables/board{SEP}{suite}.parquet", table_columns(table), role="board",
            suite=suite, kind=kind, metric="", title=table.title, note=table.note)
    for suite, info in board.scores.items():
        for metric, rows in info["scores"].items():
            if rows:
                add(f"scores{SEP}{suite}{SEP}{metric}", f"scores/{suite}/{metric}.parquet", rows, role="scores",
                    suite=suite, kind=info["kind"], metric=metric, title=f"{suite}: {metric}", note="")
    seen: set[str] = set()
    for table in (t for t in board.tables if t.kind == "reported"):
        name = f"reported{SEP}{slug(table.title)}"
        while name in seen:
            name += "-x"
        seen.add(name)
        add(name, f"tables/{name}.parquet", table_columns(table), role="reported", suite="",
            kind=reported_kind(table.title), metric="", title=table.title, note=table.note)
    _write(out / "tables" / "index.parquet", index)
    configs = [{**_config("index", "tables/index.parquet"), "default": True}]
    return configs + [_config(r["config_name"], r["path"]) for r in index]


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
    configs = write_tables(board, out)
    write_text_atomic(out / "README.md", card_text(configs, markdown))
    return configs


SPACE_FILES = ("app.py", "requirements.txt", "README.md")


def write_space(out: Path, dataset_repo: str, revision: str = "main") -> Path:
    """The leaderboard Space folder (app.py, requirements.txt, README.md with Space metadata, leaderboard.json
    naming the dataset it reads) under `out`."""
    import json
    import shutil

    here = Path(__file__).parent / "space"
    out.mkdir(parents=True, exist_ok=True)
    for name in SPACE_FILES:
        shutil.copyfile(here / name, out / name)
    write_text_atomic(out / "leaderboard.json", json.dumps({"repo": dataset_repo, "revision": revision}) + "\n")
    return out


def push_space(folder: Path, space_repo: str, *, private: bool = False) -> str:
    """Uploads the Space folder to a Gradio Space repo (created when missing); returns the commit id."""
    from huggingface_hub import HfApi

    api = HfApi()
    api.create_repo(space_repo, repo_type="space", space_sdk="gradio", exist_ok=True, private=private)
    info = api.upload_folder(folder_path=str(folder), repo_id=space_repo, repo_type="space",
                             commit_message="Update PCWM leaderboard Space")
    return info.oid
