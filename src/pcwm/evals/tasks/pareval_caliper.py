"""The pareval_caliper task: rank pairs of correct ParEval OpenMP solutions by predicted work %.

Pair set (built once per results folder, then reused so every model is scored on the same pairs; see pairs.py):
`<results>/<suite>/pairs/` holds the profiled solutions and `items.parquet`.

Columns of `items.parquet` (one row per pair and thread count): item_id (pair id), problem, a_id, b_id, threads,
work_a, work_b (measured work %, mean over each solution's parallel regions), gap (|work_a - work_b|), tie
(gap < tie_points), gap_bucket ('<10', '10-20', ..., '>40'), bucket_order.
Generation columns: run.COMMON_FIELDS + parsed, pred (list of {threads, a, b}: predicted work % of code 1 and 2,
each the mean over the regions the answer lists; NULL where the answer has no value for that thread count).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

import pyarrow as pa
from pydantic import Field

from pcwm.evals import plots
from pcwm.evals.pairs import build_pairs, solutions_file
from pcwm.evals.run import COMMON_FIELDS, generate_rows
from pcwm.evals.tasks.base import ProfileSpec, Sampling, SuiteConfig, Table, Task, pct, percent
from pcwm.worldmodel.outcomes import OutcomeParseError, parse_workpct_pair, program_workpct
from pcwm.worldmodel.prompts import Prompt, user_prompt
from pcwm.yamlconf import Strict

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


class SolutionSpec(Strict):
    """Where the ParEval solutions come from: a saved file and/or a generator model (kept only if valid)."""

    file: str = ""  # JSONL (problem, solution_id, source[, generator]); relative to the suite YAML
    generator: str = ""  # model spec; empty = use only the file
    samples_per_problem: int = 4
    prompt_template: str = "pareval_solve.j2"
    sampling: Sampling = Field(default_factory=lambda: Sampling(n=4, temperature=0.8, max_tokens=2048))


class ParEvalCaliperSuite(SuiteConfig):
    """Work-% ranking of pairs of correct ParEval OpenMP solutions (paper: 4 samples per pair at 0.6)."""

    kind: Literal["pareval_caliper"] = "pareval_caliper"
    prompt_template: str = "workpct_pair.j2"
    problems: list[str] = Field(default_factory=list)  # empty = all 60 OpenMP problems
    solutions: SolutionSpec = Field(default_factory=SolutionSpec)
    profile: ProfileSpec = Field(default_factory=ProfileSpec)
    max_solutions_per_problem: int = 4
    tie_points: float = 0.5  # |measured gap| below this is a tie: left out of ranking accuracy, counted apart
    gap_buckets: list[float] = Field(default_factory=lambda: [10.0, 20.0, 30.0, 40.0])
    sampling: Sampling = Field(default_factory=lambda: Sampling(n=4))


class ParEvalCaliperTask(Task):
    """Work-% ranking of ParEval solution pairs, scored by sql/caliper_*.sql."""

    kind = "pareval_caliper"
    Config = ParEvalCaliperSuite
    template_fields = ("prompt_template", "solutions.prompt_template")
    sql = ("caliper_ranking", "caliper_gap")
    item_key = ("item_id", "threads")
    executes_code = True
    upstream = "pareval"
    card_task = ("text-generation", "Work-% ranking of OpenMP code pairs (Caliper world model)")
    reported_words: ClassVar[tuple[str, ...]] = ("pareval", "work-%")

    def samplings(self) -> list[Sampling]:
        return [self.config.sampling, self.config.solutions.sampling]

    def check(self) -> list[str]:
        problems = []
        if self.config.solutions.file and not solutions_file(self.config).exists():
            problems.append(f"solutions.file {solutions_file(self.config)} does not exist")
        if sorted(self.config.gap_buckets) != self.config.gap_buckets:
            problems.append("gap_buckets must be increasing")
        return problems

    def run_needs(self, solution_model: str = "") -> list[str]:
        sol = self.config.solutions
        if not (sol.file or sol.generator or solution_model):
            return ["solutions need solutions.file, solutions.generator or --solution-model"]
        return []

    def run_extras(self, make_model, *, solution_model: str = "", pairs_from: Path | None = None) -> dict:
        spec = solution_model or self.config.solutions.generator
        return {"solution_generator": make_model(spec) if spec else None, "pairs_from": pairs_from}

    def run(self, gen, store, *, data_dir=None, batch: int = 8, on_progress=None, suite_hash: str = "",
            solution_generator=None, pairs_from=None) -> int:
        """Builds (or reuses) the pair set, then generates and stores every missing sample of `gen`."""
        suite = self.config

        def profiled(i: int, n: int) -> None:
            if on_progress:
                on_progress(0, f"{suite.name}: profiled {i}/{n} solutions")

        pairs = build_pairs(suite, store, generator=solution_generator, data_dir=data_dir, pairs_from=pairs_from,
                            on_progress=profiled)
        threads = list(suite.profile.threads)
        if not pairs:
            raise ValueError(f"suite {suite.name}: no pair of valid solutions "
                             f"(see {store.dir / 'pairs'}/solutions.jsonl)")
        store.write_items(pair_items(pairs, threads, suite.tie_points, suite.gap_buckets), ITEM_SCHEMA,
                          key=("item_id", "threads"))
        prompts = [pair_prompt(suite.prompt_template, p, threads) for p in pairs]
        return generate_rows(store, gen, prompts, suite.sampling, lambda p, text: parse_prediction(text, threads),
                             GEN_SCHEMA, suite_hash=suite_hash, batch=batch, on_progress=on_progress)

    @classmethod
    def table(cls, suite: str, scores: dict) -> Table:
        by: dict[str, dict] = {}
        for r in scores["caliper_ranking"]:
            by.setdefault(r["model"], {})[r["threads"]] = r
        threads = sorted({t for s in by.values() for t in s if t != "avg"}, key=int)
        rows = [[m, *(pct(s.get(t, {}).get("accuracy")) for t in threads), pct(s.get("avg", {}).get("accuracy")),
                 str(s.get("avg", {}).get("pairs", "-")), str(s.get("avg", {}).get("ties", "-"))]
                for m, s in by.items()]
        rows.sort(key=lambda r: -float(r[len(threads) + 1]) if r[len(threads) + 1] != "-" else 0)
        return Table(f"ParEval work-% ranking agreement — {suite}",
                     ["model", *(f"{t} threads %" for t in threads), "average %", "comparisons", "ties"], rows,
                     "Ties (measured gap below tie_points) are left out and counted; predicted ties and unparseable "
                     "answers are wrong.")

    @classmethod
    def plot(cls, suite: str, scores: dict, out: Path) -> tuple[str, Path | None]:
        """Accuracy vs measured work-% gap bucket, one line per model (the paper's figure)."""
        rows = scores["caliper_gap"]
        if not rows:
            return "", None
        buckets = []
        for r in rows:
            if r["gap_bucket"] not in buckets:
                buckets.append(r["gap_bucket"])
        order = ["<10", "10-20", "20-30", "30-40", ">40"]
        buckets.sort(key=lambda b: order.index(b) if b in order else len(order))
        plt = plots.pyplot()
        fig, ax = plt.subplots(figsize=(6, 3.4))
        for model in sorted({r["model"] for r in rows}):
            pts = {r["gap_bucket"]: 100 * r["accuracy"] for r in rows if r["model"] == model}
            xs = [i for i, b in enumerate(buckets) if b in pts]
            ax.plot(xs, [pts[buckets[i]] for i in xs], marker="o", label=model)
        ax.set_xticks(range(len(buckets)), buckets)
        ax.set_xlabel("measured work-% gap between the two codes (points)")
        ax.set_ylabel("ranking accuracy %")
        ax.set_ylim(-5, 105)
        ax.legend(fontsize=8)
        ax.set_title(f"{suite}: accuracy vs measured gap", fontsize=10)
        return f"{suite}: accuracy vs work-% gap", plots.save(fig, out / f"{suite}-gap.png")

    @classmethod
    def card_entries(cls, scores: dict, model: str) -> list[dict]:
        out = []
        for r in scores["caliper_ranking"]:
            if r["model"] == model and r["accuracy"] is not None:
                label = "average over threads" if r["threads"] == "avg" else f"{r['threads']} threads"
                out.append({"metric_type": "accuracy", "metric_config": f"threads={r['threads']}",
                            "metric_name": f"pair agreement % ({label})", "metric_value": percent(r["accuracy"])})
        return out
