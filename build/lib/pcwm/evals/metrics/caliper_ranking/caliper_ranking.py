"""ParEval work-% pair ranking (pcwm): agreement of predicted vs measured ranking per thread count and gap bucket."""

import collections

import datasets
import evaluate

from pcwm.evals import suite_caliper

_DESCRIPTION = """Scores Caliper world-model answers on pairs of solutions: at each thread count, the predicted ranking
(sign of predicted work % of code 1 minus code 2, each the mean over the answer's regions) must equal the measured
one. A pair whose measured gap is below tie_points is a tie there: left out and counted. A predicted tie, a missing
value or an unparseable answer is wrong. The same numbers as pcwm's sql/caliper_ranking.sql and sql/caliper_gap.sql."""
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
        threads = list(threads or [4, 16, 64, 128])
        edges = list(gap_buckets or [10.0, 20.0, 30.0, 40.0])
        per_thread = collections.defaultdict(list)
        ties = collections.defaultdict(int)
        by_gap = collections.defaultdict(list)
        for text, ref in zip(predictions, references, strict=True):
            pred = {p["threads"]: p for p in suite_caliper.parse_prediction(text, threads)["pred"]}
            for k, t in enumerate(threads):
                a, b = ref["work_a"][k], ref["work_b"][k]
                gap = abs(a - b)
                if gap < tie_points:
                    ties[t] += 1
                    continue
                p = pred.get(t)
                ok = p is not None and None not in (p["a"], p["b"]) and _sign(p["a"] - p["b"]) == _sign(a - b)
                per_thread[t].append(ok)
                by_gap[suite_caliper.bucket(gap, edges)].append(ok)
        out = {}
        accs = []
        for t in threads:
            if per_thread[t]:
                out[f"accuracy_{t}"] = sum(per_thread[t]) / len(per_thread[t])
                accs.append(out[f"accuracy_{t}"])
            out[f"ties_{t}"] = ties[t]
        out["accuracy"] = sum(accs) / len(accs) if accs else None
        out["by_gap"] = {label: sum(v) / len(v) for (label, _), v in sorted(by_gap.items(), key=lambda x: x[0][1])}
        return out


def _sign(x):
    return (x > 0) - (x < 0)
