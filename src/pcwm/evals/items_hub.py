"""A suite's inputs as a Hub dataset: export the programs a suite scores, and run suites from that dataset.

`pcwm eval export SUITE --repo ORG/NAME --tag v1` writes one config named after the suite, one row per program:
the prompt as the model sees it (chat messages and their hash), the label and annotations the scorers read, the
program source, and provenance (upstream repository, commit and file). It is pushed with pcwm.hub.push_dataset
(immutable tags).

A suite YAML's `items_from: ORG/NAME@TAG` (or `pcwm eval run --items-from`) makes the run read its programs from
that dataset at that revision: the rows are written back as a benchmark folder (files named as upstream, plus the
P-labels in DRB-metainfo.json) under the bench cache, so the suite code runs unchanged and renders the same prompts.
When the dataset cannot be read (no network, no such revision), the run falls back to the benchmark folder or the
git fetch at the pinned commit and says so; suite.json records which source a run used.

A task with a fixed list of programs exports it (`Task.export_rows`: dataracebench, racefix); pareval_caliper items
are measured pairs made at run time (profiling), not a fixed list of programs, so they are not.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from pathlib import Path

from pcwm.errors import PcwmError
from pcwm.evals.benchmarks import SOURCES, bench_cache_dir
from pcwm.evals.store import write_table_atomic
from pcwm.evals.tasks import get_task
from pcwm.io import write_text_atomic

log = logging.getLogger(__name__)


class ItemsError(PcwmError, RuntimeError):
    """An export or a read of a suite's items dataset that cannot be done; the message says why."""


def item_rows(suite, data_dir=None) -> list[dict]:
    """One row per item of the suite's selection: prompt, labels, source and provenance (the task's export)."""
    rows = get_task(suite.kind)(suite).export_rows(data_dir)
    if rows is None:
        raise ItemsError(f"suite {suite.name}: kind {suite.kind} has no fixed item list to export")
    return rows


def export(suite, out: Path, *, data_dir=None) -> Path:
    """Writes `out/<suite>/train-00000.parquet` and a README card (DatasetCardData, one config per suite)."""
    import pyarrow as pa
    from huggingface_hub import DatasetCard, DatasetCardData

    rows = item_rows(suite, data_dir)
    write_table_atomic(out / suite.name / "train-00000.parquet", pa.Table.from_pylist(rows))
    configs = sorted({p.parent.name for p in out.glob("*/train-*.parquet")})
    data = DatasetCardData(
        pretty_name="pcwm evaluation items", license="bsd-3-clause", tags=["pcwm", "evaluation", "openmp", "data-race"],
        size_categories=["n<1K"], task_categories=["text-generation"],
        configs=[{"config_name": c, "data_files": [{"split": "train", "path": f"{c}/train-*"}]} for c in configs])
    body = ("# pcwm evaluation items\n\nThe programs pcwm's evaluation suites score, with the prompt each model sees "
            "(`prompt`, `prompt_hash`), the labels the scorers read, the program `source`, and provenance "
            "(`upstream_repo`, `upstream_commit`, `file`). The programs are DataRaceBench's (LLNL, BSD-3 licence): "
            "see the upstream repository for terms. Configs (one per suite): "
            + ", ".join(f"`{c}`" for c in configs) + ".\n\nRun a suite from it: set `items_from: REPO@TAG` in the "
            "suite YAML or pass `pcwm eval run SUITE --items-from REPO@TAG`.\n")
    card = DatasetCard.from_template(data, template_str="---\n{{ card_data }}\n---\n\n{{ body }}", body=body)
    write_text_atomic(out / "README.md", str(card))
    return out / suite.name


def parse_ref(ref: str) -> tuple[str, str]:
    """'ORG/NAME@REV' -> (repo, revision); a revision is required (runs must be pinned)."""
    m = re.fullmatch(r"([\w.-]+/[\w.-]+)@([\w./-]+)", ref.strip())
    if not m:
        raise ItemsError(f"items_from {ref!r}: expected ORG/NAME@REVISION (a tag such as v1)")
    return m.group(1), m.group(2)


def materialize(ref: str, config: str, cache: Path | None = None) -> Path:
    """The items dataset at its revision written out as a DRB-style benchmark folder (cached); returns it."""
    repo, rev = parse_ref(ref)
    dest = (cache or bench_cache_dir()) / "hub" / re.sub(r"[^\w.-]+", "_", f"{repo}@{rev}@{config}")
    if (dest / "DRB-metainfo.json").is_file():
        return dest
    try:
        from datasets import load_dataset

        ds = load_dataset(repo, config, revision=rev, split="train")
    except Exception as exc:  # network, auth, missing repo/revision/config: all mean "cannot read it"
        raise ItemsError(f"cannot read {repo}@{rev} config {config}: {type(exc).__name__}: {exc}") from exc
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=".items-"))
    meta = {}
    for row in ds:
        name = Path(row["file"]).name
        if name != row["item_id"]:
            raise ItemsError(f"{repo}@{rev}: row {row['item_id']} names file {row['file']}")
        (tmp / name).write_text(row["source"])
        meta[name] = {"basicInfo": {"Plabel": list(row["plabels"] or [])}}
    (tmp / "DRB-metainfo.json").write_text(json.dumps(meta))
    (tmp / "SOURCE.json").write_text(json.dumps({"hub_repo": repo, "hub_revision": rev, "config": config}))
    try:
        os.replace(tmp, dest)
    except OSError:  # another run wrote it first
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def resolve_data(suite, data_dir=None) -> tuple[Path | None, dict]:
    """(data_dir for the run, `data` record for suite.json): the items dataset when the suite names one and it can
    be read, else the given folder / the git copy."""
    ref = getattr(suite, "items_from", "")
    commit = SOURCES[get_task(suite.kind).upstream].commit
    if ref and data_dir is None:
        repo, rev = parse_ref(ref)
        try:
            folder = materialize(ref, suite.name)
            return folder, {"source": "hub", "hub_repo": repo, "hub_revision": rev, "config": suite.name}
        except ItemsError as exc:
            log.warning("%s; falling back to the benchmark folder / git copy", exc)
    return data_dir, {"source": "folder" if data_dir else "benchmark", "commit": commit}
