"""A small real SFT dataset for CPU runs: seed-bank implementations and racy variants, labelled by TSan here.

For each chosen seed (sorted, deterministic) the implementation whose `#pragma omp` carries a `reduction(...)`
clause is taken as written, and a variant is made by deleting that clause (which usually races). Both run under the
sandbox (real clang + TSan + Archer, cached); the label is what TSan reports, never an assumption. The completion is
`<think>...</think>` followed by the answer block of `pcwm.worldmodel.outcomes.render_tsan_answer`, the format every
part of pcwm shares. The chain of thought is a short template derived from the code and the observed races (there is no
teacher LLM here); the real data engine writes hindsight CoTs with a teacher model.

Rows carry the SFT views of `pcwm.data.sft` (`prompt`/`completion` and `messages`), built with its prompt builder,
so the prompt is the one the evaluation suites use.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from pathlib import Path

import yaml

from pcwm.sandbox.cache import default_cache_dir

log = logging.getLogger(__name__)

SEEDS_DIR = Path(__file__).resolve().parents[1] / "problems" / "seeds"
_REDUCTION = re.compile(r"\s*reduction\s*\([^:()]*:[^)]*\)")
_FORMAT_VERSION = 3  # bump when rows change, so cached datasets are rebuilt


def _pragma_without_reduction(source: str) -> str | None:
    """The source with the reduction clauses of its `#pragma omp` lines removed (None if there is none)."""
    out, changed = [], False
    for line in source.splitlines(keepends=True):
        if line.lstrip().startswith("#pragma omp") and "declare reduction" not in line:
            new = _REDUCTION.sub("", line)
            changed |= new != line
            line = new
        out.append(line)
    return "".join(out) if changed else None


def seed_programs(n_seeds: int = 8) -> list[dict]:
    """Programs to label: per seed, its reduction impl and the impl with the reduction deleted."""
    items = []
    for seed_yaml in sorted(SEEDS_DIR.glob("*/*/seed.yaml")):
        seed_dir = seed_yaml.parent
        meta = yaml.safe_load(seed_yaml.read_text())
        ext = ".cpp" if meta.get("language") == "cpp" else ".c"
        for impl in meta.get("impls", []):
            src = (seed_dir / impl["file"]).read_text()
            racy = _pragma_without_reduction(src)
            if racy is None:
                continue
            base = {"seed": meta["id"], "language": meta.get("language", "c"), "dir": str(seed_dir), "ext": ext}
            items.append({**base, "id": f"{meta['id']}/{Path(impl['file']).stem}", "code": src})
            items.append({**base, "id": f"{meta['id']}/{Path(impl['file']).stem}-noreduction", "code": racy})
            break
        if len(items) >= 2 * n_seeds:
            break
    if not items:
        raise FileNotFoundError(f"no seed with a reduction clause under {SEEDS_DIR}")
    return items


def _program(item: dict):
    from pcwm.sandbox import Program

    d = Path(item["dir"])
    ext = item["ext"]
    reference = ((f"reference{ext}", (d / f"reference{ext}").read_text()),)
    return Program(source=item["code"], name=f"generated{ext}", harness=(d / f"harness{ext}").read_text(),
                   harness_name=f"harness{ext}", extra_files=reference, path=item["id"])


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


def sft_rows(items: list[dict], results: list) -> list[dict]:
    """Rows with the SFT views of `pcwm.data.sft` (the evaluation suites' prompt, completion = [CoT, outcome])."""
    from pcwm.data import sft

    rows = []
    for item, res in zip(items, results, strict=True):
        if not res.status.is_cacheable:
            raise RuntimeError(f"sandbox error on {item['id']}: {res.error}")
        if not res.status.is_label:  # a timeout, crash or compile error says nothing about races
            log.info("smoke data: %s is %s, not a label; left out", item["id"], res.status.value)
            continue
        races = [{"type": r.type, "code_locations": r.locations} for r in res.races]
        prompt = sft.tsan_prompt(item["code"], f"generated{item['ext']}", item["language"])
        completion = sft.completion_text(sft.tsan_answer(races), templated_cot(item["code"], races))
        rows.append({"id": item["id"], "status": res.status.value, **sft.views(prompt, completion)})
    return rows


def build_smoke_dataset(n_seeds: int = 8, out_dir: str | Path | None = None, jobs: int | None = None) -> Path:
    """Builds (once, cached by content) a DatasetDict with train/test splits on disk; returns its folder."""
    from datasets import Dataset, DatasetDict

    from pcwm.sandbox import RunPlan, run_many
    from pcwm.sandbox.cache import ResultCache

    items = seed_programs(n_seeds)
    from pcwm.data.sft import tsan_prompt

    template = tsan_prompt("{code}", "{name}", "c")  # a changed prompt template means a new dataset
    key = hashlib.sha256(json.dumps([_FORMAT_VERSION, template, [(i["id"], i["code"]) for i in items]]).encode())
    out = Path(out_dir) if out_dir else default_cache_dir() / "datasets" / f"seed-smoke-tsan-{key.hexdigest()[:12]}"
    if (out / "dataset_dict.json").exists():
        return out
    log.info("labelling %d seed programs under TSan for the smoke dataset", len(items))
    results = run_many([_program(i) for i in items], RunPlan(threads=(4,), runs=1), jobs=jobs, cache=ResultCache())
    rows = sft_rows(items, results)
    # Split by seed (every version of a seed in the same split): every fourth seed is held out.
    seed_of = {i["id"]: i["seed"] for i in items}
    order = {seed: k for k, seed in enumerate(dict.fromkeys(i["seed"] for i in items))}
    test = [r for r in rows if order[seed_of[r["id"]]] % 4 == 3]
    train = [r for r in rows if order[seed_of[r["id"]]] % 4 != 3]
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    DatasetDict({"train": Dataset.from_list(train), "test": Dataset.from_list(test)}).save_to_disk(str(tmp))
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(tmp, out)
    except OSError:  # built concurrently by another process
        shutil.rmtree(tmp, ignore_errors=True)
    return out
