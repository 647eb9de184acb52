"""Test-data builder: a sandbox-labelled candidate set from the seed bank, for the dataset tests and figures.

Until the generation pipelines exist, datasets are built from real sandbox outputs of the offline candidate engine
(`pcwm.problems.candidates`: seed implementations, race-injecting mutants, harmless rewrites), run under TSan through
each seed's harness. The output folder is the engine's store layout (`OUT/candidates/<id>/{candidate,result}.json`),
which `pcwm dataset build` reads directly.

    python tests/data_candidates.py OUT --per-label 300 --jobs 2      # ~600 labelled candidates
    python tests/data_candidates.py OUT --export-fixture tests/fixtures/data/tsan_records.jsonl   # test fixture
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def build_candidate_set(out: str | Path, *, per_label: int, jobs: int = 2, cache_dir: str | Path | None = None,
                        domains: list[str] | None = None, threads: tuple[int, ...] = (4, 8), progress: bool = True):
    """Runs candidates until `per_label` race and `per_label` no-race labels are in hand; returns the finished ones."""
    from pcwm.problems import load_bank
    from pcwm.problems.candidates import CandidateStore, make_candidates, run_candidates
    from pcwm.sandbox import RunPlan
    from pcwm.sandbox.cache import ResultCache

    bank = load_bank(domains=domains)
    cands = make_candidates(bank, max_sites=1)
    store = CandidateStore(out)
    plan = RunPlan(threads=threads, stop_on_race=True, timeout_s=60.0)
    cache = ResultCache(cache_dir) if cache_dir else None
    start, count = time.monotonic(), [0]

    def on_done(c):
        count[0] += 1
        if progress and count[0] % 25 == 0:
            print(f"{count[0]} labelled ({time.monotonic() - start:.0f} s)", file=sys.stderr, flush=True)

    done = run_candidates(cands, bank, store, plan=plan, jobs=jobs, cache=cache, per_label=per_label,
                          on_done=on_done)
    if store.errors:
        print(f"sandbox errors (not labels, not stored): {len(store.errors)}", file=sys.stderr)
    return done


def export_records(store: str | Path, out: str | Path, *, per_label: int, host_cores: int) -> int:
    """Writes a small canonical-record JSONL fixture from a store: `per_label` race and no-race candidates, spread
    over domains and sources (round-robin), with the host's core count. Returns the number written."""
    import itertools
    import json

    from pcwm.data.records import iter_rows

    by_label: dict[str, dict[str, list]] = {"race": {}, "clean": {}}
    for row, _ in iter_rows(store):
        status = row["sandbox"]["status"]
        label = "race" if status == "race" else "clean"
        key = f"{row['domain']}|{row['source']['kind']}"
        by_label[label].setdefault(key, []).append(row)
    picked = []
    for groups in by_label.values():
        rr = (r for batch in itertools.zip_longest(*[groups[k] for k in sorted(groups)]) for r in batch if r)
        picked += list(itertools.islice(rr, per_label))
    with open(out, "w", encoding="utf-8") as f:
        for row in picked:
            f.write(json.dumps({**row, "host": {"cores": host_cores}}) + "\n")
    return len(picked)


def profile_records(out: str | Path, seed_ids: list[str], *, threads: tuple[int, ...] = (2, 4),
                    repeats: int = 1) -> int:
    """Profiles every implementation of the given seeds (work % per region) and writes canonical records."""
    import json

    from pcwm.problems import load_bank
    from pcwm.sandbox.profiler import profile_program

    bank = load_bank()
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for sid in seed_ids:
            seed = bank.get(sid)
            for impl in seed.impls:
                prog = seed.program(impl.source, name=impl.stem, path=impl.id)
                res = profile_program(prog, threads=threads, repeats=repeats, timeout_s=120.0)
                d = res.to_dict()
                for r in [*d.get("regions", []), *d.get("annotations", []), d.get("total") or {}]:
                    r.pop("runs", None)
                f.write(json.dumps({
                    "problem_id": seed.id, "domain": seed.domain, "variant": "seed", "language": seed.language,
                    "code": impl.source, "code_name": prog.name,
                    "source": {"kind": "seed_impl", "model": None, "operator": None, "parent": impl.id},
                    "profile": d}) + "\n")
                n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--per-label", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache-dir", default=os.environ.get("PCWM_CACHE_DIR"))
    ap.add_argument("--domains", nargs="*")
    ap.add_argument("--export-fixture", metavar="JSONL", help="only write a fixture of OUT's records to JSONL")
    ap.add_argument("--fixture-per-label", type=int, default=20)
    ap.add_argument("--profile-fixture", metavar="JSONL", help="only profile the seeds named by --domains (seed ids)")
    args = ap.parse_args()
    if args.profile_fixture:
        print(f"{profile_records(args.profile_fixture, args.domains or [])} profiles written")
        return
    if args.export_fixture:
        n = export_records(args.out, args.export_fixture, per_label=args.fixture_per_label,
                           host_cores=len(os.sched_getaffinity(0)))
        print(f"{n} records written to {args.export_fixture}")
        return
    done = build_candidate_set(args.out, per_label=args.per_label, jobs=args.jobs, cache_dir=args.cache_dir,
                               domains=args.domains)
    labels = {}
    for c in done:
        labels[c.actual] = labels.get(c.actual, 0) + 1
    print(f"{len(done)} candidates finished in {args.out}: {labels}")


if __name__ == "__main__":
    main()
