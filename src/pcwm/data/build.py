"""`pcwm dataset build`: candidate records -> a Hub-shaped dataset folder (Parquet shards + README card + report).

TSan datasets, in order: keep records whose sandbox status is a label (a failure of the sandbox is never one);
merge records of the same code (exact duplicates: extra CoT samples, not rows; conflicting labels keep the race,
since TSan reports no false races with Archer); drop candidates that overlap a benchmark program (decontam.py);
drop near-duplicates with the same outcome (dedup.py); optionally cap the majority label; write the configs:
- `no_cot`: one row per candidate, completion = outcome;
- `hindsight` / `no_hindsight` / `no_hindsight_filtered`: one row per CoT sample (at most `max_cots_per_code` per
  candidate), completion = [CoT, outcome]. hindsight: a CoT whose own answer names other races than TSan did, or
  that cites being given the outcome (pcwm.pipelines.reasoning's leak filter), is dropped; no_hindsight is the
  paper's ablation, trained on as is; no_hindsight_filtered keeps the no-hindsight CoTs whose prediction was right.
Caliper datasets (pairs) are built by `pcwm.data.caliper`; the problem bank by `build_problems`.
Output: OUT/<config>/train-*.parquet, OUT/README.md (the card), OUT/build_report.json (every figure and drop).
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pcwm.data import sft
from pcwm.data.records import Record, RecordError, load_records
from pcwm.data.schema import TSAN_CONFIGS, features
from pcwm.data.shards import ShardWriter
from pcwm.io import write_json_atomic
from pcwm.sandbox.result import LABEL_STATUSES as _LABEL_STATUSES

log = logging.getLogger(__name__)
LABEL_STATUSES = tuple(sorted(s.value for s in _LABEL_STATUSES))  # TSan said something about the program
SOURCE_PRIORITY = {"seed_impl": 0, "reference": 1, "model": 2, "rewrite": 3, "mutation": 4}


@dataclass
class BuildOptions:
    kind: str = "tsan"  # tsan | caliper | problems
    configs: tuple[str, ...] = ("hindsight", "no_cot", "no_hindsight")  # no_hindsight_filtered on request
    near_dup_threshold: float | None = 0.9  # None: no near-duplicate removal
    decontaminate: bool = True
    decontam_extra: tuple[str, ...] = ()
    keep_status: tuple[str, ...] = LABEL_STATUSES
    max_cots_per_code: int = 4
    balance: float | None = None  # max share of the majority label (race vs no race); None: report only
    max_pairs_per_problem: int = 6
    pair_seed: int = 0  # seed of the Caliper pair draw (pcwm.sandbox.workpct_outcome.sample_pairs)
    shard_rows: int = 5000
    host_cores: int | None = None

    def __post_init__(self):
        if self.balance is not None and not 0.5 <= self.balance < 1.0:
            raise ValueError(f"balance must be in [0.5, 1), got {self.balance}")
        if self.max_cots_per_code < 1:
            raise ValueError("max_cots_per_code must be >= 1")


@dataclass
class Candidate:
    """A unique code: its first record, its TSan outcome and every CoT sample any record brought."""

    rec: Record
    status: str
    races: list[dict]
    cots: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.rec.hash[:16]

    @property
    def has_race(self) -> bool:
        return bool(self.races)


def _drop(report: dict, reason: str, n: int = 1) -> None:
    if n:
        report["dropped"][reason] = report["dropped"].get(reason, 0) + n


def tsan_candidates(records: list[Record], opts: BuildOptions, report: dict) -> list[Candidate]:
    """Label filter and exact-duplicate merge, in a deterministic order (seed code first, then by problem)."""
    by_hash: dict[str, Candidate] = {}
    for rec in records:
        if rec.sandbox is None:
            _drop(report, "no_tsan_result")
            continue
        status = rec.sandbox.get("status")
        if status not in opts.keep_status:
            _drop(report, f"status_{status}")
            continue
        races = [{"type": r["type"], "code_locations": list(r.get("locations", r.get("code_locations", [])))}
                 for r in rec.sandbox.get("races", [])]
        if (status == "race") != bool(races):
            raise RecordError(f"{rec.where}: status {status!r} disagrees with its race list ({len(races)} races)")
        cand = by_hash.get(rec.hash)
        if cand is None:
            by_hash[rec.hash] = Candidate(rec, status, races, list(rec.cots))
            continue
        report["exact_duplicates"] += 1
        cand.cots.extend(rec.cots)
        if sft.race_key(races) != sft.race_key(cand.races):
            report["conflicting_labels"] += 1
            if races and not cand.races:  # a race observed once is a race (TSan+Archer: ~no false positives)
                cand.rec, cand.status, cand.races = rec, status, races
    return sorted(by_hash.values(), key=lambda c: (SOURCE_PRIORITY.get(c.rec.source.get("kind"), 9),
                                                   c.rec.problem_id, c.rec.hash))


def decontaminate(cands: list, code_of, opts: BuildOptions, report: dict) -> list:
    """Candidates that overlap no benchmark program; the dropped ones are listed in the report."""
    from pcwm.data.decontam import BenchmarkIndex

    if not opts.decontaminate:
        report["decontamination"] = {"enabled": False}
        return cands
    index = BenchmarkIndex.default(opts.decontam_extra)
    kept, dropped = [], []
    for c in cands:
        for code in code_of(c):
            hit = index.check(code)
            if hit is not None:
                dropped.append({"id": c.id, "problem_id": c.rec.problem_id, "source": c.rec.source,
                                "where": c.rec.where, **hit.to_dict()})
                break
        else:
            kept.append(c)
    report["decontamination"] = {"enabled": True, **index.summary(), "dropped": dropped}
    _drop(report, "benchmark_overlap", len(dropped))
    return kept


def near_dedup(cands: list[Candidate], opts: BuildOptions, report: dict) -> list[Candidate]:
    from pcwm.data.dedup import near_dedup as run

    if opts.near_dup_threshold is None:
        report["near_duplicates"] = {"enabled": False}
        return cands
    res = run(((c.id, c.rec.code, (c.rec.code_name, sft.race_key(c.races))) for c in cands),
              threshold=opts.near_dup_threshold)
    keep = set(res.kept)
    by_id = {c.id: c for c in cands}

    def describe(cid: str) -> str:
        src = by_id[cid].rec.source
        return f"{by_id[cid].rec.problem_id} {src.get('kind')}{'/' + src['operator'] if src.get('operator') else ''}"

    report["near_duplicates"] = {"enabled": True, "threshold": opts.near_dup_threshold, "dropped": len(res.near),
                                 "pairs": [{**vars(n), "dropped_is": describe(n.dropped), "kept_is": describe(n.kept)}
                                           for n in res.near[:200]]}
    _drop(report, "near_duplicate", len(res.near))
    for n in res.near:  # CoT samples of a dropped near-duplicate are not moved: they explain other code
        by_id[n.dropped].cots.clear()
    return [c for c in cands if c.id in keep]


def stable_rank(key: str) -> str:
    return hashlib.sha256(f"pcwm-balance|{key}".encode()).hexdigest()


def balance(cands: list[Candidate], opts: BuildOptions, report: dict) -> list[Candidate]:
    """Caps the majority label at `opts.balance` of the candidates (a deterministic pseudo-random subset)."""
    if opts.balance is None:
        return cands
    race = [c for c in cands if c.has_race]
    clean = [c for c in cands if not c.has_race]
    major, minor = (race, clean) if len(race) > len(clean) else (clean, race)
    cap = int(len(minor) * opts.balance / (1 - opts.balance))
    if len(major) <= cap:
        return cands
    keep = {c.id for c in sorted(major, key=lambda c: stable_rank(c.id))[:cap]} | {c.id for c in minor}
    _drop(report, "balance", len(major) - cap)
    return [c for c in cands if c.id in keep]


def provenance(rec: Record, cot=None) -> dict:
    sb = rec.sandbox or {}
    threads = sorted({int(r["threads"]) for r in sb.get("runs", [])})
    cores = rec.host_cores
    return {
        "problem_id": rec.problem_id, "domain": rec.domain, "variant": rec.variant,
        "source_kind": rec.source.get("kind"), "source_model": rec.source.get("model"),
        "mutation_operator": rec.source.get("operator"), "parent_id": rec.source.get("parent"),
        "toolchain": sb.get("toolchain"), "flags": list(sb.get("flags") or []),
        "tool_options": sb.get("tsan_options"), "threads": threads, "run_count": len(sb.get("runs", [])),
        "host_cores": cores, "oversubscribed": (max(threads) > cores) if cores and threads else None,
        "sandbox_status": sb.get("status"), "harness_valid": sb.get("valid"), "content_hash": rec.hash,
        "tool_cache_key": sb.get("cache_key") or None,
        "cot_model": cot.model if cot else None, "cot_hindsight": cot.hindsight if cot else None,
    }


def tsan_rows(cand: Candidate, config: str, opts: BuildOptions, report: dict):
    """The rows one candidate contributes to one config."""
    rec, answer = cand.rec, sft.tsan_answer(cand.races)
    template = sft.NO_COT_PROMPT if config == "no_cot" else "tsan_predict.j2"
    prompt = sft.tsan_prompt(rec.code, rec.code_name, rec.language, template)
    base = {"code": rec.code, "code_name": rec.code_name, "language": rec.language, "has_race": cand.has_race,
            "races": cand.races, "outcome": answer}
    if config == "no_cot":
        yield {"id": cand.id, **base, "cot": None, **sft.views(prompt, sft.completion_text(answer, None)),
               "provenance": provenance(rec)}
        return
    n = 0
    for cot in cand.cots:
        if not _cot_fits(cot, config):
            continue
        if n >= opts.max_cots_per_code:
            _drop(report, f"{config}_cot_over_cap")
            continue
        try:
            text, teacher_answer = sft.clean_cot(cot.text)
            if config != "no_hindsight":  # the paper's no-hindsight ablation trains on the CoT as is
                sft.check_tsan_cot(teacher_answer, cand.races)
            if config == "no_hindsight_filtered" and not cot.filtered and teacher_answer is None:
                raise sft.CotError("no teacher answer to compare: the teacher's prediction is unknown")
            sft.check_leak(text, hindsight=cot.hindsight)
        except sft.CotError as exc:
            _drop(report, f"{config}_cot_{_cot_error_kind(exc)}")
            continue
        yield {"id": f"{cand.id}-{n}", **base, "cot": text,
               **sft.views(prompt, sft.completion_text(answer, text)), "provenance": provenance(rec, cot)}
        n += 1


def _cot_fits(cot, config: str) -> bool:
    """hindsight: hindsight CoTs; no_hindsight (the paper's ablation): unfiltered no-hindsight CoTs;
    no_hindsight_filtered: no-hindsight CoTs whose teacher prediction equals the outcome (checked by the caller)."""
    if config == "hindsight":
        return cot.hindsight
    if config == "no_hindsight":
        return not cot.hindsight and not cot.filtered
    return not cot.hindsight


def _cot_error_kind(exc: Exception) -> str:
    msg = str(exc)
    return "mismatch" if "differs" in msg else ("leak" if "cites" in msg else "invalid")


def config_stats(rows_meta: list[tuple[bool, str, str]]) -> dict:
    """Figures of one config from (has_race, domain, source_kind) per row."""
    n = len(rows_meta)
    races = sum(1 for r in rows_meta if r[0])
    return {"rows": n, "race": races, "no_race": n - races, "race_fraction": round(races / n, 4) if n else None,
            "domains": dict(sorted(Counter(r[1] for r in rows_meta).items())),
            "sources": dict(sorted(Counter(r[2] for r in rows_meta).items()))}


def new_report(inputs, opts: BuildOptions) -> dict:
    return {"kind": opts.kind, "inputs": [str(p) for p in inputs], "records": 0, "rows_without_label": 0,
            "candidates": 0, "exact_duplicates": 0, "conflicting_labels": 0, "dropped": {},
            "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(opts).items()}, "configs": {}}


def build_tsan(inputs, out: Path, opts: BuildOptions, progress=None) -> dict:
    records, pairs, skipped = load_records(inputs, opts.host_cores)
    report = new_report(inputs, opts)
    report.update(records=len(records), rows_without_label=skipped)
    if pairs:
        raise RecordError(f"{pairs[0].where}: a Caliper pair row in a TSan build (use --kind caliper)")
    cands = tsan_candidates(records, opts, report)
    report["candidates"] = len(cands)
    cands = decontaminate(cands, lambda c: [c.rec.code], opts, report)
    cands = near_dedup(cands, opts, report)
    cands = balance(cands, opts, report)
    report["kept_candidates"] = len(cands)
    feats = features("tsan")
    for config in opts.configs:
        if config not in TSAN_CONFIGS:
            raise ValueError(f"unknown TSan config {config!r} (expected {', '.join(TSAN_CONFIGS)})")
        writer, meta = ShardWriter(out, config, "train", feats, opts.shard_rows), []
        for c in cands:
            for row in tsan_rows(c, config, opts, report):
                writer.add(row)
                meta.append((row["has_race"], c.rec.domain, c.rec.source.get("kind")))
            if progress:
                progress(config)
        shards = writer.close()
        if not meta:
            _remove_empty(out / config)
            report["configs"][config] = {"rows": 0, "note": "no input record had a CoT sample of this kind"}
            continue
        report["configs"][config] = {**config_stats(meta), "shards": [s.relative_to(out).as_posix() for s in shards],
                                     "num_bytes": writer.num_bytes}
    report["toolchains"] = dict(Counter(c.rec.sandbox.get("toolchain") for c in cands))
    return report


def _remove_empty(folder: Path) -> None:
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def build_problems(seeds_dir, out: Path, opts: BuildOptions) -> dict:
    """The `pcwm/problems` dataset: one row per seed (statement, harness, reference, implementations)."""
    from pcwm.problems import load_bank

    bank = load_bank(seeds_dir)
    report = new_report([str(bank.root)], opts)
    writer = ShardWriter(out, "seeds", "train", features("problems"), opts.shard_rows)
    for s in bank:
        writer.add({"problem_id": s.id, "domain": s.domain, "variant": "seed", "title": s.spec.title,
                    "language": s.language, "function": s.spec.function, "statement": s.problem,
                    "harness": s.harness, "reference": s.reference, "default_size": s.spec.default_size,
                    "impls": [{"name": i.stem, "strategy": i.strategy, "code": i.source} for i in s.impls]})
    shards = writer.close()
    report.update(records=len(bank), candidates=len(bank), kept_candidates=len(bank))
    report["configs"]["seeds"] = {"rows": writer.rows, "shards": [s.relative_to(out).as_posix() for s in shards],
                                  "num_bytes": writer.num_bytes, "domains": dict(Counter(s.domain for s in bank))}
    return report


def build_dataset(inputs, out: str | Path, opts: BuildOptions, *, card: str | Path | None = None,
                  repo_id: str | None = None, progress=None) -> dict:
    """Builds the dataset folder OUT (shards, README.md card, build_report.json); returns the report."""
    from pcwm.data.cards import write_card

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if opts.kind == "tsan":
        report = build_tsan(inputs, out, opts, progress)
    elif opts.kind == "caliper":
        from pcwm.data.caliper import build_caliper

        report = build_caliper(inputs, out, opts, progress)
    elif opts.kind == "problems":
        report = build_problems(inputs[0] if inputs else None, out, opts)
    else:
        raise ValueError(f"unknown dataset kind {opts.kind!r} (expected tsan, caliper or problems)")
    write_json_atomic(out / "build_report.json", report)
    write_card(out, report, card=card, repo_id=repo_id)
    return report
