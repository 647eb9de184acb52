"""MakePairs: Caliper world-model pairs: two candidates of the same problem, measured under the same conditions.

Pairs come from `pcwm.sandbox.profiler.make_pairs` (same host, thread counts, backend, flags and compiler; both
profiles ok), and `sample_pairs` draws `max_pairs_per_problem` distinct ones at random (seeded) spread over every
candidate of the problem; the pair's answer is `pcwm.worldmodel.outcomes.render_workpct_pair` of both outcomes.
"""


import json
from collections import defaultdict

from distilabel.steps import GlobalStep, StepInput
from distilabel.typing import StepOutput

from pcwm.worldmodel import outcomes

PAIR_COLUMNS = [
    "pair_id", "problem_id", "seed_id", "domain", "variant", "language", "threads", "candidate_id_a",
    "candidate_id_b", "origin_a", "origin_b", "code_a", "code_b", "outcome_a", "outcome_b", "pair_answer",
    "total_diff", "oversubscribed",
]


class MakePairs(GlobalStep):
    """All rows at once in, pairs out (at most `max_pairs_per_problem` per problem, drawn over all its candidates).

    Input columns: problem_id, candidate_id, code, status, workpct (JSON profile), outcome. Output columns:
    PAIR_COLUMNS: ids, both codes and outcomes, threads, pair_answer (the answer body), total_diff (JSON: per thread
    count, whole-program work % of a minus b), oversubscribed.
    """

    max_pairs_per_problem: int = 6
    seed: int = 0
    value: str = "median"

    @property
    def inputs(self) -> list[str]:
        return ["problem_id", "candidate_id", "code", "status", "workpct", "outcome"]

    @property
    def outputs(self) -> list[str]:
        return PAIR_COLUMNS

    def process(self, inputs: StepInput) -> StepOutput:
        from pcwm.pipelines.steps.sandbox import regions_of
        from pcwm.sandbox.profiler import WorkPctOutcome, make_pairs
        from pcwm.sandbox.workpct_outcome import sample_pairs

        by_problem: dict[str, list[dict]] = defaultdict(list)
        for row in inputs:
            if row.get("status") == "ok" and row.get("outcome") and row.get("workpct"):
                by_problem[row["problem_id"]].append(row)
        out = []
        for pid, rows in by_problem.items():
            rows.sort(key=lambda r: r["candidate_id"])  # batches arrive in any order: the draw must not depend on it
            profiles = [WorkPctOutcome.from_dict(_with_runs(json.loads(r["workpct"]))) for r in rows]
            for p in sample_pairs(make_pairs(profiles), self.max_pairs_per_problem, key=pid, seed=self.seed):
                a, b = rows[p.i], rows[p.j]
                ra, rb = regions_of(p.a, self.value), regions_of(p.b, self.value)
                if not ra or not rb:
                    continue
                out.append({
                    "pair_id": f"{a['candidate_id']}+{b['candidate_id']}", "problem_id": pid,
                    "seed_id": a.get("seed_id"), "domain": a.get("domain"), "variant": a.get("variant"),
                    "language": a.get("language"), "threads": list(p.a.threads),
                    "candidate_id_a": a["candidate_id"], "candidate_id_b": b["candidate_id"],
                    "origin_a": a.get("origin"), "origin_b": b.get("origin"), "code_a": a["code"], "code_b": b["code"],
                    "outcome_a": a["outcome"], "outcome_b": b["outcome"],
                    "pair_answer": outcomes.render_workpct_pair(ra, rb),
                    "total_diff": json.dumps({str(t): v for t, v in p.diff.items()}),
                    "oversubscribed": bool(a.get("oversubscribed") or b.get("oversubscribed")),
                })
        self._logger.info(f"{len(out)} pairs from {len(inputs)} profiled candidates")
        yield out


def _with_runs(d: dict) -> dict:
    """Profiles stored by the Sandbox step drop the raw per-repeat runs; restore empty ones for from_dict."""
    for r in [*d.get("regions", []), *d.get("annotations", []), d.get("total")]:
        if r is not None:
            r.setdefault("runs", {})
    return d
