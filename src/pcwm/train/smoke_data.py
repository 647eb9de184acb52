"""A small real SFT dataset for CPU runs: the offline candidate engine on a few seeds, built by `pcwm dataset build`.

Candidates come from the engine (`pcwm.problems.candidates`): per seed (in id order), the first implementation that
has a reduction clause gives two, the implementation as written and its `drop_reduction` mutant with every
reduction dropped (which usually races). The engine labels them under TSan through the seed's harness (real clang +
TSan + Archer, cached by content), compiled as `generated.c` like every world-model prompt; the label is what TSan
reports, never an assumption. Their candidate records (the `pcwm.data.schema` contract) then go through the
dataset build (`pcwm.data.build`): its label filter (a timeout, crash or compile error says nothing about races)
and its `hindsight` rows, whose completion is `<think>...</think>` followed by the answer block. The chain of
thought is a short template derived from the code and the observed races (there is no teacher LLM here); the real
data engine writes hindsight CoTs with a teacher model. Rows are the build's TSan rows (`schema.features("tsan")`),
split by seed: every fourth seed is held out as `test`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from pcwm import paths
from pcwm.problems import load_bank
from pcwm.problems.candidates import (
    Candidate,
    CandidateStore,
    everywhere_candidate,
    impl_candidates,
    run_candidates,
)
from pcwm.sandbox import RunPlan
from pcwm.sandbox.cache import ResultCache
from pcwm.sandbox.candidate import candidate_file

log = logging.getLogger(__name__)

_FORMAT_VERSION = 4  # bump when rows change, so cached datasets are rebuilt (4: engine candidates, build rows)
PLAN = RunPlan(threads=(4,), runs=1)
OPERATOR = "drop_reduction"


def smoke_candidates(n_seeds: int = 8, bank=None) -> list[Candidate]:
    """Per seed, its first implementation with a reduction to drop: (implementation, mutant), for `n_seeds` seeds."""
    out: list[Candidate] = []
    for seed in bank if bank is not None else load_bank():
        name = candidate_file(seed.language)
        for impl in seed.impls:
            mutant = everywhere_candidate(seed, impl, OPERATOR, file_name=name)
            if mutant is not None:
                out += [*impl_candidates(seed, impl, mutants=False, file_name=name), mutant]
                break
        if len(out) >= 2 * n_seeds:
            break
    if not out:
        raise FileNotFoundError("no seed of the bank has a reduction clause to drop")
    return out


def templated_cot(code: str, races: list[dict]) -> str:
    """A short reasoning text from the code's OpenMP directives and the observed races (no teacher model)."""
    lines = code.splitlines()
    parts = []
    for i, line in enumerate(lines, 1):
        if line.strip().startswith("#pragma omp"):
            parts.append(f"Line {i} opens `{line.strip()}`: the statements it governs run on several threads.")
    if not races:
        parts.append("Every shared location written in the parallel work is combined by a reduction, protected by "
                     "synchronisation or owned by one thread, so no two threads touch it unordered. No race.")
    kinds: dict[str, list[str]] = {}  # location -> race types seen there, in order
    for race in races:
        for loc in race["code_locations"]:
            kinds.setdefault(loc, [])
            if race["type"] not in kinds[loc]:
                kinds[loc].append(race["type"])
    for loc, types in kinds.items():
        n = int(loc.rsplit(":", 1)[-1]) if loc.rsplit(":", 1)[-1].isdigit() else 0
        text = lines[n - 1].strip() if 0 < n <= len(lines) else "?"
        parts.append(f"At {loc}, `{text}` updates a location shared by all threads without synchronisation: "
                     f"two threads can reach it at once ({' and '.join(types)}).")
    return "\n".join(parts)


def label(cands: list[Candidate], store_dir: Path, jobs: int | None = None) -> list[dict]:
    """Runs the candidates through the engine; their candidate records, each with a templated CoT."""
    store = CandidateStore(store_dir)
    bank = load_bank()
    done = run_candidates(cands, bank, store, plan=PLAN, jobs=jobs or len(os.sched_getaffinity(0)),
                          cache=ResultCache())
    if store.errors:
        raise RuntimeError(f"sandbox error on {', '.join(store.errors)}: see the log; rerun once the sandbox works")
    return [smoke_record(c, json.loads((store.dir / c.folder_name / "result.json").read_text())) for c in done]


def smoke_record(cand: Candidate, sandbox: dict) -> dict:
    """The candidate record of `cand` with a CoT templated from its code and the races TSan found."""
    races = [{"type": r["type"], "code_locations": list(r["locations"])} for r in sandbox.get("races", [])]
    return cand.record(sandbox, cot=templated_cot(cand.source, races), cot_model=None, cot_hindsight=True)


def build_rows(records: list[dict], work: Path) -> list[dict]:
    """The `hindsight` rows `pcwm dataset build` makes of the records (no decontamination or near-dup removal: the
    smoke set is a fixed, tiny selection), in the build's order."""
    import pyarrow.parquet as pq

    from pcwm.data.build import BuildOptions, build_dataset

    inputs = work / "records.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in records))
    opts = BuildOptions(configs=("hindsight",), near_dup_threshold=None, decontaminate=False)
    report = build_dataset([inputs], work / "built", opts)
    shards = report["configs"]["hindsight"].get("shards", [])
    return [row for s in shards for row in pq.read_table(work / "built" / s).to_pylist()]


def build_smoke_dataset(n_seeds: int = 8, out_dir: str | Path | None = None, jobs: int | None = None) -> Path:
    """Builds (once, cached by content) a DatasetDict with train/test splits on disk; returns its folder."""
    from datasets import Dataset, DatasetDict

    from pcwm.data.schema import features
    from pcwm.data.sft import tsan_prompt

    cands = smoke_candidates(n_seeds)
    template = tsan_prompt("{code}", "{name}", "c")  # a changed prompt template means a new dataset
    key = hashlib.sha256(json.dumps([_FORMAT_VERSION, template, [(c.id, c.source) for c in cands]]).encode())
    out = Path(out_dir) if out_dir else paths.cache_root() / "datasets" / f"seed-smoke-tsan-{key.hexdigest()[:12]}"
    if (out / "dataset_dict.json").exists():
        return out
    log.info("labelling %d seed-bank candidates under TSan for the smoke dataset", len(cands))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".smoke-", dir=out.parent) as tmp:
        work = Path(tmp)
        rows = build_rows(label(cands, work / "store", jobs), work)
        order = {seed: k for k, seed in enumerate(dict.fromkeys(c.seed for c in cands))}
        held_out = lambda r: order[r["provenance"]["problem_id"]] % 4 == 3  # noqa: E731
        splits = {"train": [r for r in rows if not held_out(r)], "test": [r for r in rows if held_out(r)]}
        staged = work / "dataset"
        DatasetDict({k: Dataset.from_list(v, features=features("tsan")) for k, v in splits.items()}).save_to_disk(
            str(staged))
        try:
            os.replace(staged, out)
        except OSError:  # built concurrently by another process
            shutil.rmtree(staged, ignore_errors=True)
    return out
