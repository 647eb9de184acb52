"""ParEval work-% pair ranking (pcwm): agreement of predicted vs measured ranking per thread count and gap bucket."""

import datasets
import evaluate
import pyarrow as pa

from pcwm.evals.scoring import score_tables
from pcwm.evals.tasks.pareval_caliper import GEN_SCHEMA, ITEM_SCHEMA, bucket, parse_prediction

_DESCRIPTION = """Scores Caliper world-model answers on pairs of solutions: at each thread count, the predicted ranking
(sign of predicted work % of code 1 minus code 2, each the mean over the answer's regions) must equal the measured
one. A pair whose measured gap is below tie_points is a tie there: left out and counted. A predicted tie, a missing
value or an unparseable answer is wrong. Computed by pcwm's sql/caliper_ranking.sql and sql/caliper_gap.sql."""
_KWARGS = """
Args:
    predictions: model completions (one per sample of a pair).
    references: per sample the pair's measured {"work_a": [...], "work_b": [...]}, one value per thread count.
    threads: the thread counts, in the order of work_a / work_b (default [4, 16, 64, 128]).
    tie_points: measured gaps below this are ties (default 0.5).
    gap_buckets: bucket edges in points (default [10, 20, 30, 40]).
Returns: accuracy (mean over thread counts), accuracy_<T> per thread count, ties_<T>, and by_gap {bucket: accuracy}.
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class CaliperRanking(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS,
            features=datasets.Features({
                "predictions": datasets.Value("string"),
                "references": {"work_a": datasets.Sequence(datasets.Value("float64")),
                               "work_b": datasets.Sequence(datasets.Value("float64"))},
            }),
        )

    def _compute(self, predictions, references, threads=None, tie_points=0.5, gap_buckets=None):
        """Builds the pareval_caliper task's rows (one item per sample) and runs its SQL (caliper_*)."""
        threads = list(threads or [4, 16, 64, 128])
        edges = list(gap_buckets or [10.0, 20.0, 30.0, 40.0])
        items, gens = [], []
        for n, (text, ref) in enumerate(zip(predictions, references, strict=True)):
            for k, t in enumerate(threads):
                a, b = ref["work_a"][k], ref["work_b"][k]
                label, order = bucket(abs(a - b), edges)
                items.append({"item_id": str(n), "problem": "", "a_id": "a", "b_id": "b", "threads": t, "work_a": a,
                              "work_b": b, "gap": abs(a - b), "tie": abs(a - b) < tie_points, "gap_bucket": label,
                              "bucket_order": order})
            gens.append({"model": "m", "item_id": str(n), "sample": 0, **parse_prediction(text, threads)})
        scores = score_tables("pareval_caliper", pa.Table.from_pylist(items, schema=ITEM_SCHEMA),
                              pa.Table.from_pylist(gens, schema=GEN_SCHEMA))
        out = {}
        for r in scores["caliper_ranking"]:
            if r["threads"] == "avg":
                out["accuracy"] = r["accuracy"]
            else:
                if r["accuracy"] is not None:
                    out[f"accuracy_{r['threads']}"] = r["accuracy"]
                out[f"ties_{r['threads']}"] = r["ties"]
        out["by_gap"] = {r["gap_bucket"]: r["accuracy"] for r in scores["caliper_gap"]}
        return out
