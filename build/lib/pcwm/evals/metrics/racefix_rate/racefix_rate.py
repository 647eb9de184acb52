"""Race fixing (pcwm): race-free % of fixed programs per group (actor x feedback source)."""

import collections

import datasets
import evaluate

_DESCRIPTION = """Share of race-fix attempts whose fixed program the sandbox found compiling and free of TSan race
reports (status "ok"), in percent, per group (e.g. "actor|feedback"). With require_parallel, an attempt also needs
an OpenMP pragma left in the code. The same numbers as pcwm's sql/racefix_rates.sql."""
_KWARGS = """
Args:
    predictions: sandbox status of each fixed program (ok, race, compile_error, ..., or no_code).
    groups: optional group label per attempt (default: one group "all").
    still_parallel: optional, per attempt whether the fixed code still has an OpenMP pragma.
    require_parallel: count an attempt as fixed only if still_parallel (default False).
Returns: {group: {"race_free_pct", "compile_pct", "attempts"}}.
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class RacefixRate(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS,
            features=datasets.Features({"predictions": datasets.Value("string")}),
        )

    def _compute(self, predictions, groups=None, still_parallel=None, require_parallel=False):
        groups = groups or ["all"] * len(predictions)
        parallel = still_parallel or [True] * len(predictions)
        acc = collections.defaultdict(lambda: [0, 0, 0])
        for status, group, par in zip(predictions, groups, parallel, strict=True):
            a = acc[group]
            a[0] += status == "ok" and (par or not require_parallel)
            a[1] += status not in ("compile_error", "no_code")
            a[2] += 1
        return {g: {"race_free_pct": 100 * f / n, "compile_pct": 100 * c / n, "attempts": n}
                for g, (f, c, n) in sorted(acc.items())}
