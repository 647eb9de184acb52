"""Caliper (work %) datasets: rows are *pairs* of codes of one problem measured under the same conditions.

Inputs: single-program records with a `profile` (`pcwm.sandbox.profiler` output: pairs are made here with
`make_pairs`, same host/threads/backend/flags/compiler; `sample_pairs` draws at most `max_pairs_per_problem` per
problem at random, seeded by `pair_seed`, spread over all its candidates) and the
pipeline's pair rows (MakePairs/FormatSFT: two codes, the pair answer, maybe a CoT). Every code of a pair is checked
against the benchmarks; near-identical codes of a problem whose measurements round to the same tens are one
candidate. Configs: `no_cot` (completion = both outcomes), `hindsight` / `no_hindsight` (completion = [CoT,
outcome_i, outcome_j]) for pairs that carry CoT samples.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pcwm.data import sft
from pcwm.data.build import BuildOptions, _drop, _remove_empty, config_stats, decontaminate, new_report
from pcwm.data.records import PairRecord, Record, load_records
from pcwm.data.schema import CALIPER_CONFIGS, content_hash, features
from pcwm.data.shards import ShardWriter
from pcwm.worldmodel import outcomes


@dataclass
class Pair:
    problem_id: str
    domain: str
    language: str
    code_i: str
    code_j: str
    regions_i: list[outcomes.RegionWork]
    regions_j: list[outcomes.RegionWork]
    threads: list[int]
    prov_i: dict
    prov_j: dict
    where: str
    cots: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return hashlib.sha256(f"{content_hash(self.code_i)}|{content_hash(self.code_j)}".encode()).hexdigest()[:16]

    @property
    def rec(self):  # decontaminate() reports rec.problem_id, rec.source and rec.where of a dropped item
        return self

    @property
    def source(self) -> dict:
        return {"kind_i": self.prov_i.get("source_kind"), "kind_j": self.prov_j.get("source_kind")}


def _profile_prov(rec: Record) -> dict:
    p = rec.profile or {}
    threads = [int(t) for t in p.get("threads", [])]
    cores = rec.host_cores or (p.get("host") or {}).get("available_cores")
    return {
        "problem_id": rec.problem_id, "domain": rec.domain, "variant": rec.variant,
        "source_kind": rec.source.get("kind"), "source_model": rec.source.get("model"),
        "mutation_operator": rec.source.get("operator"), "parent_id": rec.source.get("parent"),
        "toolchain": p.get("toolchain"), "flags": list(p.get("flags") or []),
        "tool_options": f"backend={p.get('backend')} tool={p.get('tool') or '?'} repeats={p.get('repeats')}",
        "threads": threads,
        "run_count": int(p.get("repeats") or 0) * len(threads), "host_cores": cores,
        "oversubscribed": (max(threads) > cores) if cores and threads else None, "sandbox_status": p.get("status"),
        "harness_valid": p.get("valid"), "content_hash": rec.hash, "tool_cache_key": None, "cot_model": None,
        "cot_hindsight": None,
    }


def _pair_prov(rec: PairRecord, code: str, origin: str | None) -> dict:
    return {
        "problem_id": rec.problem_id, "domain": rec.domain, "variant": rec.variant,
        "source_kind": "model" if origin else None, "source_model": None, "mutation_operator": None,
        "parent_id": origin, "toolchain": None, "flags": [], "tool_options": None, "threads": rec.threads,
        "run_count": None, "host_cores": None, "oversubscribed": rec.oversubscribed, "sandbox_status": "ok",
        "harness_valid": None, "content_hash": content_hash(code), "tool_cache_key": None, "cot_model": None,
        "cot_hindsight": None,
    }


def _outcome(rec: Record):
    from pcwm.sandbox.workpct_outcome import WorkPctOutcome, answer_regions

    d = dict(rec.profile)
    for r in [*d.get("regions", []), *d.get("annotations", []), d.get("total")]:
        if r is not None:
            r.setdefault("runs", {})
    out = WorkPctOutcome.from_dict(d)
    return out, [r for r in answer_regions(out) if r.work_pct]


def _bucket(regions: list[outcomes.RegionWork]) -> tuple:
    return tuple(tuple((t, round(v, -1)) for t, v in sorted(r.work_pct.items())) for r in regions)


def singles_to_pairs(records: list[Record], opts: BuildOptions, report: dict) -> list[Pair]:
    from pcwm.data.dedup import near_dedup
    from pcwm.sandbox.workpct_outcome import make_pairs, sample_pairs

    by_hash: dict[str, tuple[Record, object, list]] = {}
    for rec in records:
        if rec.profile is None:
            _drop(report, "no_profile")
            continue
        if rec.profile.get("status") != "ok":
            _drop(report, f"status_{rec.profile.get('status')}")
            continue
        out, regions = _outcome(rec)
        if not regions:
            _drop(report, "no_region_measured")
        elif rec.hash in by_hash:
            report["exact_duplicates"] += 1
        else:
            by_hash[rec.hash] = (rec, out, regions)
    items = sorted(by_hash.values(), key=lambda x: (x[0].problem_id, x[0].hash))
    report["candidates"] += len(items)
    if opts.near_dup_threshold is not None:
        res = near_dedup(((r.hash, r.code, (r.problem_id, _bucket(g))) for r, _, g in items),
                         threshold=opts.near_dup_threshold)
        keep = set(res.kept)
        _drop(report, "near_duplicate", len(res.near))
        report["near_duplicates"] = {"enabled": True, "threshold": opts.near_dup_threshold,
                                     "dropped": len(res.near), "pairs": [vars(n) for n in res.near[:200]]}
        items = [x for x in items if x[0].hash in keep]
    pairs = []
    for pid, group in itertools.groupby(items, key=lambda x: x[0].problem_id):
        group = list(group)
        made = sample_pairs(make_pairs([o for _, o, _ in group]), opts.max_pairs_per_problem, key=pid,
                            seed=opts.pair_seed)
        for p in made:
            (ri, _, gi), (rj, _, gj) = group[p.i], group[p.j]
            pairs.append(Pair(pid, ri.domain, ri.language, ri.code, rj.code, gi, gj, list(p.a.threads),
                              _profile_prov(ri), _profile_prov(rj), f"{ri.where} + {rj.where}"))
    return pairs


def pipeline_pairs(rows: list[PairRecord], report: dict) -> list[Pair]:
    by_id: dict[str, Pair] = {}
    for r in rows:
        try:
            gi, gj = outcomes.parse_workpct_pair(r.answer)
        except outcomes.OutcomeParseError:
            _drop(report, "pair_answer_unparseable")
            continue
        pair = Pair(r.problem_id, r.domain, r.language, r.code_i, r.code_j, gi, gj, r.threads,
                    _pair_prov(r, r.code_i, r.origin_i), _pair_prov(r, r.code_j, r.origin_j), r.where, list(r.cots))
        if pair.id in by_id:
            report["exact_duplicates"] += 1
            by_id[pair.id].cots.extend(r.cots)
        else:
            by_id[pair.id] = pair
    report["candidates"] += len(by_id)
    return list(by_id.values())


def pair_rows(pair: Pair, config: str, opts: BuildOptions, report: dict):
    answer = sft.pair_answer(pair.regions_i, pair.regions_j)
    prompt = sft.pair_prompt(pair.code_i, pair.code_j, pair.threads)

    def regions(rs):
        return [{"snippet": r.snippet, "work_pct": [{"threads": t, "pct": v} for t, v in sorted(r.work_pct.items())]}
                for r in rs]

    base = {"problem_id": pair.problem_id, "code_i": pair.code_i, "code_j": pair.code_j, "language": pair.language,
            "regions_i": regions(pair.regions_i), "regions_j": regions(pair.regions_j),
            "outcome_i": outcomes.render_workpct(pair.regions_i), "outcome_j": outcomes.render_workpct(pair.regions_j),
            "provenance_i": pair.prov_i, "provenance_j": pair.prov_j}
    if config == "no_cot":
        yield {"id": pair.id, **base, "cot": None, **sft.views(prompt, sft.completion_text(answer, None))}
        return
    n = 0
    for cot in pair.cots:
        if cot.hindsight != (config == "hindsight") or n >= opts.max_cots_per_code:
            continue
        try:
            text, _ = sft.clean_cot(cot.text)
            sft.check_leak(text, hindsight=cot.hindsight)
        except sft.CotError as exc:
            _drop(report, f"{config}_cot_{'leak' if 'cites' in str(exc) else 'invalid'}")
            continue
        meta = {"cot_model": cot.model, "cot_hindsight": cot.hindsight}
        yield {"id": f"{pair.id}-{n}", **base, "provenance_i": {**pair.prov_i, **meta},
               "provenance_j": {**pair.prov_j, **meta}, "cot": text,
               **sft.views(prompt, sft.completion_text(answer, text))}
        n += 1


def build_caliper(inputs, out: Path, opts: BuildOptions, progress=None) -> dict:
    singles, pair_recs, skipped = load_records(inputs, opts.host_cores)
    report = new_report(inputs, opts)
    report.update(records=len(singles) + len(pair_recs), rows_without_label=skipped)
    pairs = singles_to_pairs(singles, opts, report) + pipeline_pairs(pair_recs, report)
    pairs = decontaminate(pairs, lambda p: [p.code_i, p.code_j], opts, report)
    report["pairs"] = len(pairs)
    report["kept_candidates"] = len({h for p in pairs for h in (content_hash(p.code_i), content_hash(p.code_j))})
    feats = features("caliper")
    for config in opts.configs:
        if config not in CALIPER_CONFIGS:
            raise ValueError(f"unknown Caliper config {config!r} (expected {', '.join(CALIPER_CONFIGS)})")
        writer, meta = ShardWriter(out, config, "train", feats, opts.shard_rows), []
        for p in pairs:
            for row in pair_rows(p, config, opts, report):
                writer.add(row)
                meta.append((False, p.domain, p.prov_i.get("source_kind")))
            if progress:
                progress(config)
        shards = writer.close()
        if not meta:
            _remove_empty(out / config)
            report["configs"][config] = {"rows": 0, "note": "no input pair had a CoT sample of this kind"}
            continue
        stats = config_stats(meta)
        for k in ("race", "no_race", "race_fraction"):
            stats.pop(k)
        report["configs"][config] = {**stats, "shards": [s.relative_to(out).as_posix() for s in shards],
                                     "num_bytes": writer.num_bytes,
                                     "problems": len(Counter(p.problem_id for p in pairs))}
    report["per_problem"] = dict(Counter(p.problem_id for p in pairs).most_common())
    report["oversubscribed_pairs"] = sum(1 for p in pairs if p.prov_i.get("oversubscribed"))
    return report
