"""Reading build inputs into candidate records (the contract in `pcwm.data.schema`), from every producer we have.

Accepted inputs (files or folders, any mix):
- JSON Lines / JSON files of candidate records (`.jsonl`, `.json`), or Parquet files of them;
- the offline candidate engine's store (`pcwm.problems.candidates`: a folder with `candidates/<id>/candidate.json`
  and `result.json`), read as the engine's own records (`Candidate.record`);
- distilabel pipeline outputs (`Distiset.save_to_disk` folders, or any `save_to_disk` / Parquet / JSONL of its rows):
  rows of the FormatSFT / CandidateRecords steps carry their candidate record in a `record` column
  (`pcwm.pipelines.steps.format.candidate_record`); MakePairs rows (`code_a`, `code_b`, `pair_answer`) are Caliper
  pair records.
Every producer writes the one candidate record of `pcwm.data.schema`; this module reads and checks it.
Bad input raises `RecordError` naming the file (and line) and the problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pcwm.data.schema import SOURCE_KINDS, content_hash
from pcwm.errors import UsageError
from pcwm.problems.candidates import Candidate
from pcwm.sandbox.candidate import candidate_file


class RecordError(UsageError):
    """An input record that cannot be used; the message names where it came from."""


@dataclass
class CotSample:
    text: str
    model: str | None
    hindsight: bool
    filtered: bool = False  # a no-hindsight CoT kept because its prediction was right (not the paper's ablation)


@dataclass
class Record:
    """One labelled program (TSan: `sandbox`; Caliper: `profile`), possibly with one CoT sample."""

    code: str
    code_name: str
    language: str
    problem_id: str
    domain: str
    variant: str
    source: dict
    where: str
    sandbox: dict | None = None
    profile: dict | None = None
    host_cores: int | None = None
    cots: list[CotSample] = field(default_factory=list)

    @property
    def hash(self) -> str:
        return content_hash(self.code)


@dataclass
class PairRecord:
    """A Caliper pair as the pipeline made it: two codes, the answer body, and maybe a CoT."""

    problem_id: str
    domain: str
    variant: str
    language: str
    code_i: str
    code_j: str
    answer: str
    threads: list[int]
    oversubscribed: bool | None
    origin_i: str | None
    origin_j: str | None
    where: str
    cots: list[CotSample] = field(default_factory=list)


def iter_rows(path: str | Path) -> Iterator[tuple[dict, str]]:
    """(row, where) for every row of a file or folder input."""
    p = Path(path)
    if not p.exists():
        raise RecordError(f"{p}: no such file or folder")
    if p.is_dir():
        if (p / "candidates").is_dir() and not _is_saved_dataset(p):  # a `pcwm problems mutate --out` store
            yield from _engine_store(p)
            return
        if (p / "dataset_info.json").exists() or (p / "dataset_dict.json").exists():
            yield from _from_disk(p)
            return
        subs = sorted(x for x in p.rglob("*") if x.suffix in (".jsonl", ".json", ".parquet") and x.is_file()
                      and not x.name.startswith(".") and x.name not in ("dataset_info.json", "state.json"))
        disk = sorted({x.parent for x in p.rglob("dataset_info.json")})
        if disk:
            for d in disk:
                yield from _from_disk(d)
            return
        if not subs:
            raise RecordError(f"{p}: folder holds no .jsonl/.json/.parquet records, engine store or saved dataset")
        for x in subs:
            yield from iter_rows(x)
        return
    if p.suffix == ".jsonl":
        with p.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield _json(line, f"{p}:{n}"), f"{p}:{n}"
    elif p.suffix == ".json":
        data = _json(p.read_text(encoding="utf-8"), str(p))
        for n, row in enumerate(data if isinstance(data, list) else [data]):
            yield row, f"{p}[{n}]"
    elif p.suffix == ".parquet":
        import pyarrow.parquet as pq

        for n, row in enumerate(pq.read_table(p).to_pylist()):
            yield row, f"{p}[{n}]"
    else:
        raise RecordError(f"{p}: unsupported input (expected .jsonl, .json, .parquet or a folder)")


def _is_saved_dataset(p: Path) -> bool:
    """A Distiset (or datasets.save_to_disk) folder, whose subsets may be named like an engine store's folder."""
    return (p / "distiset_configs").is_dir() or (p / "candidates" / "dataset_dict.json").exists()


def _json(text: str, where: str):
    try:
        return json.loads(text)
    except ValueError as exc:
        raise RecordError(f"{where}: not valid JSON ({exc})") from exc


def _from_disk(p: Path) -> Iterator[tuple[dict, str]]:
    from datasets import Dataset, load_from_disk

    ds = load_from_disk(str(p))
    splits = {"": ds} if isinstance(ds, Dataset) else ds
    for name, split in splits.items():
        for n, row in enumerate(split):
            yield row, f"{p}{'/' + name if name else ''}[{n}]"


def _engine_store(p: Path) -> Iterator[tuple[dict, str]]:
    for folder in sorted((p / "candidates").iterdir()):
        cand_file, res_file = folder / "candidate.json", folder / "result.json"
        if not cand_file.exists():
            continue  # unfinished: the engine writes candidate.json last
        cand = _json(cand_file.read_text(), str(cand_file))
        if not res_file.exists():
            raise RecordError(f"{folder}: candidate.json without result.json")
        try:
            engine_cand = Candidate.from_json({k: v for k, v in cand.items() if k != "run_key"})
        except TypeError as exc:
            raise RecordError(f"{cand_file}: not a candidate of this engine ({exc})") from exc
        yield engine_cand.record(_json(res_file.read_text(), str(res_file))), str(cand_file)


def to_record(row: dict, where: str, host_cores: int | None = None) -> Record | PairRecord | None:
    """A canonical Record / PairRecord from any accepted row shape (None for rows that carry no label)."""
    if "code_a" in row and "pair_answer" in row:
        return _pair_row(row, where)
    if "record" in row:  # a distilabel pipeline row: the candidate record its step wrote
        rec = _optional(row["record"])
        if rec is None:
            return None  # no tool result
        row = _json(rec, f"{where} (record)") if isinstance(rec, str) else rec
    elif "sandbox_result" in row or "workpct" in row:
        raise RecordError(f"{where}: a pipeline row without its 'record' column (written before pcwm's steps wrote "
                          "candidate records): rerun `pcwm generate` (its caches make that a file read per candidate)")
    for key in ("code", "problem_id", "language"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise RecordError(f"{where}: missing or empty '{key}'")
    if row.get("sandbox") is None and row.get("profile") is None:
        raise RecordError(f"{where}: a record needs 'sandbox' (TSan) or 'profile' (work %)")
    source = dict(row.get("source") or {})
    if source.get("kind") not in SOURCE_KINDS:
        raise RecordError(f"{where}: source.kind must be one of {', '.join(SOURCE_KINDS)}, got {source.get('kind')!r}")
    cores = (row.get("host") or {}).get("cores", host_cores)
    if cores is None and row.get("profile"):
        cores = (row["profile"].get("host") or {}).get("available_cores")
    cots = []
    if row.get("cot"):
        cots.append(CotSample(row["cot"], row.get("cot_model"), bool(row.get("cot_hindsight", True)),
                              bool(row.get("cot_filtered", False))))
    return Record(
        code=row["code"], code_name=row.get("code_name") or candidate_file(row["language"]),
        language=row["language"], problem_id=row["problem_id"],
        domain=row.get("domain") or row["problem_id"].split("/")[0], variant=str(row.get("variant") or "seed"),
        source=source, where=where, sandbox=row.get("sandbox"), profile=row.get("profile"), host_cores=cores,
        cots=cots,
    )


def _optional(v):
    """None for a missing value, also where a saved dataset stored it as the string 'None' or ''."""
    return None if v is None or (isinstance(v, str) and v.strip() in ("", "None", "null")) else v


def _pair_row(row: dict, where: str) -> PairRecord:
    for key in ("code_a", "code_b", "pair_answer", "problem_id"):
        if not row.get(key):
            raise RecordError(f"{where}: pair row without '{key}'")
    cots = []
    if row.get("cot") and row.get("cot_accepted", True):
        cots.append(CotSample(row["cot"], row.get("cot_model"), row.get("sft_mode") != "no_hindsight"))
    return PairRecord(
        problem_id=row["problem_id"], domain=row.get("domain") or row["problem_id"].split("/")[0],
        variant=str(row.get("variant") or "seed"), language=row.get("language") or "c", code_i=row["code_a"],
        code_j=row["code_b"], answer=row["pair_answer"], threads=list(row.get("threads") or []),
        oversubscribed=row.get("oversubscribed"), origin_i=row.get("origin_a"), origin_j=row.get("origin_b"),
        where=where, cots=cots,
    )


def load_records(paths, host_cores: int | None = None) -> tuple[list[Record], list[PairRecord], int]:
    """All records of the inputs: (single-program records, pair records, rows skipped for carrying no label)."""
    singles, pairs, skipped = [], [], 0
    for path in paths:
        for row, where in iter_rows(path):
            if not isinstance(row, dict):
                raise RecordError(f"{where}: a record must be a JSON object")
            rec = to_record(row, where, host_cores)
            if rec is None:
                skipped += 1
            elif isinstance(rec, PairRecord):
                pairs.append(rec)
            else:
                singles.append(rec)
    return singles, pairs, skipped
