"""Race fixing (pcwm): race-free % of fixed programs per group (actor x feedback source)."""

import datasets
import evaluate
import pyarrow as pa

from pcwm.evals.scoring import score_tables
from pcwm.evals.tasks.racefix import GEN_SCHEMA

_DESCRIPTION = """Share of race-fix attempts whose fixed program the sandbox found compiling and free of TSan race
reports (status "ok"), in percent, per group (e.g. "actor|feedback"). With require_parallel, an attempt also needs
an OpenMP pragma left in the code. Computed by pcwm's sql/racefix_rates.sql."""
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
        """Builds the racefix task's rows (the group as the feedback source) and runs sql/racefix_rates.sql."""
        groups = groups or ["all"] * len(predictions)
        parallel = still_parallel or [True] * len(predictions)
        gens = [{"model": "m", "item_id": str(n), "sample": 0, "feedback": g, "world_model": "", "status": status,
                 "extracted": status != "no_code", "compiles": status not in ("compile_error", "no_code"),
                 "race_free": status == "ok", "still_parallel": bool(par),
                 "fixed": status == "ok" and bool(par or not require_parallel)}
                for n, (status, g, par) in enumerate(zip(predictions, groups, parallel, strict=True))]
        items = pa.table({"item_id": pa.array([], pa.string())})
        rows = score_tables("racefix", items, pa.Table.from_pylist(gens, schema=GEN_SCHEMA))["racefix_rates"]
        return {r["feedback"].removesuffix(":") if r["feedback"] == "world_model:" else r["feedback"]:
                {"race_free_pct": r["race_free_pct"], "compile_pct": r["compile_pct"], "attempts": r["attempts"]}
                for r in sorted(rows, key=lambda r: r["feedback"])}
