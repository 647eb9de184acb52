"""The generation loop every prompt-per-item suite shares: skip what is stored, batch the rest, store rows.

Rows always carry the columns of `COMMON_FIELDS`; a suite adds its parsed verdict columns through `to_row`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow as pa

from pcwm.errors import UsageError
from pcwm.evals.items_hub import resolve_data
from pcwm.evals.store import SuiteStore
from pcwm.evals.suites import suite_hash, task_of
from pcwm.evals.tasks.base import Sampling
from pcwm.io import write_json_atomic
from pcwm.models import Model
from pcwm.worldmodel.prompts import Prompt

COMMON_FIELDS = [
    pa.field("model", pa.string()),
    pa.field("revision", pa.string()),
    pa.field("suite", pa.string()),
    pa.field("suite_hash", pa.string()),
    pa.field("item_id", pa.string()),
    pa.field("prompt_hash", pa.string()),
    pa.field("sample", pa.int32()),
    pa.field("completion", pa.string()),
    pa.field("created_at", pa.float64()),
    # Token counts of this sample (None where the backend cannot tell) and the model's parameter count (None: the
    # compute-cost SQL reads it from the model name): what the paper's compute-cost table is made from.
    pa.field("prompt_tokens", pa.int32()),
    pa.field("completion_tokens", pa.int32()),
    pa.field("model_params", pa.int64()),
]
PAIR = pa.struct([("lo", pa.int32()), ("hi", pa.int32())])


def missing_samples(store: SuiteStore, model: str, prompts: Sequence[Prompt], n: int) -> list[tuple[Prompt, list[int]]]:
    """Per prompt, the sample indices (0..n-1) not yet stored for this model and this exact prompt text."""
    have: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item, h, s in store.done(model, ["item_id", "prompt_hash", "sample"]):
        have[(item, h)].add(s)
    out = []
    for p in prompts:
        got = have[(p.meta["item_id"], p.hash)]
        missing = [s for s in range(n) if s not in got]
        if missing:
            out.append((p, missing))
    return out


def generate_rows(
    store: SuiteStore,
    gen: Model,
    prompts: Sequence[Prompt],
    sampling: Sampling,
    to_row: Callable[[Prompt, str], dict],
    schema: pa.Schema,
    *,
    suite_hash: str,
    batch: int = 8,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Generates every missing sample and stores one row per sample; returns the number of new rows."""
    todo = missing_samples(store, gen.name, prompts, sampling.n)
    if on_progress:
        on_progress(len(prompts) - len(todo))
    written = 0
    for i in range(0, len(todo), batch):
        chunk = todo[i : i + batch]
        by_k: dict[int, list[tuple[Prompt, list[int]]]] = defaultdict(list)
        for p, miss in chunk:
            by_k[len(miss)].append((p, miss))
        rows = []
        for k, group in by_k.items():
            outs = gen.generate([p for p, _ in group], n=k, temperature=sampling.temperature, top_p=sampling.top_p,
                                max_tokens=sampling.max_tokens)
            if len(outs) != len(group) or any(len(o) != k for o in outs):
                raise RuntimeError(f"{gen.name}: asked for {k} completions for {len(group)} prompts, got "
                                   f"{[len(o) for o in outs]}")
            for (p, miss), texts in zip(group, outs, strict=True):
                for s, text in zip(miss, texts, strict=True):
                    row = {"model": gen.name, "revision": gen.revision, "suite": store.suite,
                           "suite_hash": suite_hash, "item_id": p.meta["item_id"], "prompt_hash": p.hash,
                           "sample": s, "completion": str(text), "created_at": time.time(),
                           **token_fields(text, gen)}
                    row.update(to_row(p, text))
                    rows.append(row)
        store.append(gen.name, rows, schema)
        written += len(rows)
        if on_progress:
            on_progress(len(chunk))
    return written


def token_fields(text, gen) -> dict:
    """prompt_tokens / completion_tokens of a completion (a `pcwm.models.Completion` carries them) and model_params."""
    return {"prompt_tokens": getattr(text, "prompt_tokens", None),
            "completion_tokens": getattr(text, "completion_tokens", None),
            "model_params": getattr(gen, "model_params", None)}


class UnsafeCodeNotConfirmed(UsageError, RuntimeError):
    """A suite step would execute untrusted code and `--confirm-run-unsafe-code` was not given."""


def run_suite(suite, gen, results: Path, *, model_spec: str = "", confirm_unsafe: bool = False, data_dir=None,
              batch: int = 8, on_progress=None, **kw) -> int:
    """Runs one generator on one suite into `results/<suite.name>/`; returns the number of new rows.

    `kw` are the task's extra run arguments (`Task.run_extras`: helper models, a reused pair set)."""
    task = task_of(suite)
    if task.needs_code_execution(model_spec or gen.name) and not confirm_unsafe:
        raise UnsafeCodeNotConfirmed(
            f"suite {suite.name} with {gen.name} compiles and runs generated or benchmark code (in the sandbox); "
            "pass --confirm-run-unsafe-code to allow it")
    store = SuiteStore(results, suite.name)
    h = suite_hash(suite)
    data_dir, data = resolve_data(suite, data_dir)
    write_json_atomic(store.dir / "suite.json", {"name": suite.name, "kind": suite.kind, "hash": h,
                                                  "config": suite.model_dump(), "data": data})
    return task.run(gen, store, data_dir=data_dir, batch=batch, on_progress=on_progress, suite_hash=h, **kw)
