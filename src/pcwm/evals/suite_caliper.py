"""The pareval_caliper suite: rank pairs of correct ParEval OpenMP solutions by predicted work %.

Pair set (built once per results folder, then reused so every model is scored on the same pairs; see pairs.py):
`<results>/<suite>/pairs/` holds the profiled solutions and `items.parquet`.

Columns of `items.parquet` (one row per pair and thread count): item_id (pair id), problem, a_id, b_id, threads,
work_a, work_b (measured work %, mean over each solution's parallel regions), gap (|work_a - work_b|), tie
(gap < tie_points), gap_bucket ('<10', '10-20', ..., '>40'), bucket_order.
Generation columns: run.COMMON_FIELDS + parsed, pred (list of {threads, a, b}: predicted work % of code 1 and 2,
each the mean over the regions the answer lists; NULL where the answer has no value for that thread count).
"""

from __future__ import annotations

import pyarrow as pa

from pcwm.evals.run import COMMON_FIELDS
from pcwm.worldmodel.outcomes import OutcomeParseError, parse_workpct_pair, program_workpct
from pcwm.worldmodel.prompts import Prompt, user_prompt

ITEM_SCHEMA = pa.schema([
    pa.field("item_id", pa.string()),
    pa.field("problem", pa.string()),
    pa.field("a_id", pa.string()),
    pa.field("b_id", pa.string()),
    pa.field("threads", pa.int32()),
    pa.field("work_a", pa.float64()),
    pa.field("work_b", pa.float64()),
    pa.field("gap", pa.float64()),
    pa.field("tie", pa.bool_()),
    pa.field("gap_bucket", pa.string()),
    pa.field("bucket_order", pa.int32()),
])
PRED = pa.struct([("threads", pa.int32()), ("a", pa.float64()), ("b", pa.float64())])
GEN_SCHEMA = pa.schema([*COMMON_FIELDS, pa.field("parsed", pa.bool_()), pa.field("pred", pa.list_(PRED))])


def bucket(gap: float, edges: list[float]) -> tuple[str, int]:
    """('<10', 0), ('10-20', 1), ..., ('>40', 4) for edges [10, 20, 30, 40]."""
    for k, hi in enumerate(edges):
        if gap < hi:
            return (f"<{hi:g}" if k == 0 else f"{edges[k - 1]:g}-{hi:g}"), k
    return f">{edges[-1]:g}", len(edges)


def pair_items(pairs: list[dict], threads: list[int], tie_points: float, edges: list[float]) -> list[dict]:
    """Long rows (pair x thread count) from pairs {item_id, problem, a, b} with measured `work` per thread."""
    rows = []
    for p in pairs:
        for t in threads:
            wa, wb = p["a"]["work"][t], p["b"]["work"][t]
            gap = abs(wa - wb)
            label, order = bucket(gap, edges)
            rows.append({"item_id": p["item_id"], "problem": p["problem"], "a_id": p["a"]["solution_id"],
                         "b_id": p["b"]["solution_id"], "threads": t, "work_a": wa, "work_b": wb, "gap": gap,
                         "tie": gap < tie_points, "gap_bucket": label, "bucket_order": order})
    return rows


def pair_prompt(template: str, pair: dict, threads: list[int]) -> Prompt:
    side = {k: {x: pair[k][x] for x in ("problem", "solution_id", "source", "source_hash")} for k in ("a", "b")}
    meta = {"item_id": pair["item_id"], "task": "workpct_pair", **side}
    return user_prompt(template, meta, code_a=pair["a"]["source"].rstrip("\n"),
                       code_b=pair["b"]["source"].rstrip("\n"), threads=threads)


def parse_prediction(text: str, threads: list[int]) -> dict:
    try:
        first, second = parse_workpct_pair(text)
    except OutcomeParseError:
        return {"parsed": False, "pred": []}
    pred = [{"threads": t, "a": program_workpct(first, t), "b": program_workpct(second, t)} for t in threads]
    return {"parsed": True, "pred": pred}


def run(suite, gen, store, *, data_dir=None, batch: int = 8, on_progress=None, suite_hash: str = "",
        solution_generator=None, pairs_from=None) -> int:
    """Builds (or reuses) the pair set, then generates and stores every missing sample of `gen`."""
    from pcwm.evals.pairs import build_pairs
    from pcwm.evals.run import generate_rows

    def profiled(i: int, n: int) -> None:
        if on_progress:
            on_progress(0, f"{suite.name}: profiled {i}/{n} solutions")

    pairs = build_pairs(suite, store, generator=solution_generator, data_dir=data_dir, pairs_from=pairs_from,
                        on_progress=profiled)
    threads = list(suite.profile.threads)
    if not pairs:
        raise ValueError(f"suite {suite.name}: no pair of valid solutions (see {store.dir / 'pairs'}/solutions.jsonl)")
    store.write_items(pair_items(pairs, threads, suite.tie_points, suite.gap_buckets), ITEM_SCHEMA,
                      key=("item_id", "threads"))
    prompts = [pair_prompt(suite.prompt_template, p, threads) for p in pairs]
    return generate_rows(store, gen, prompts, suite.sampling, lambda p, text: parse_prediction(text, threads),
                         GEN_SCHEMA, suite_hash=suite_hash, batch=batch, on_progress=on_progress)
