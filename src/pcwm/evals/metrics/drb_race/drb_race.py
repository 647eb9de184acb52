"""DataRaceBench race prediction (pcwm): accuracy over samples, majority vote, precision, recall, line agreement."""

import datasets
import evaluate
import pyarrow as pa

from pcwm.evals.scoring import score_tables
from pcwm.evals.tasks.dataracebench import GEN_SCHEMA, ITEM_SCHEMA, parse_prediction

_DESCRIPTION = """Scores ThreadSanitizer world-model answers on DataRaceBench. A sample predicts "race" when its parsed
answer lists at least one race; an unparseable sample is wrong. accuracy: per program the share of correct samples,
then the mean over programs. majority_accuracy: one vote per program (more than half of its samples). precision and
recall over samples. With annotated_pairs: pair_agreement and line_agreement over racy, annotated programs' samples
that predicted a race. Computed by pcwm's sql/drb_summary.sql and sql/drb_lines.sql (the suites' own metrics)."""
_KWARGS = """
Args:
    predictions: model completions (one per sample).
    references: 1 if the program has a race (DRB file-name label), else 0.
    program_ids: the program of each sample (samples of one program are averaged first).
    annotated_pairs: optional, per sample the program's annotated [lo, hi] line pairs.
Returns: accuracy, majority_accuracy, precision, recall, parse_rate (+ pair_agreement, line_agreement).
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class DrbRace(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS,
            features=datasets.Features({"predictions": datasets.Value("string"),
                                        "references": datasets.Value("int32")}),
        )

    def _compute(self, predictions, references, program_ids=None, annotated_pairs=None):
        """Builds the dataracebench task's rows from the inputs and runs its SQL (drb_summary, drb_lines)."""
        program_ids = program_ids if program_ids is not None else list(range(len(predictions)))
        pairs = annotated_pairs if annotated_pairs is not None else [[] for _ in predictions]
        items, gens, seen = {}, [], {}
        for text, ref, pid, ann in zip(predictions, references, program_ids, pairs, strict=True):
            item = str(pid)
            items.setdefault(item, {"item_id": item, "has_race": bool(ref), "clean": True, "plabels": [],
                                    "annotated_pairs": [{"lo": int(a), "hi": int(b)} for a, b in ann]})
            seen[item] = seen.get(item, -1) + 1
            gens.append({"model": "m", "item_id": item, "sample": seen[item], **parse_prediction(text)})
        scores = score_tables("dataracebench", pa.Table.from_pylist(list(items.values()), schema=ITEM_SCHEMA),
                              pa.Table.from_pylist(gens, schema=GEN_SCHEMA), ["drb_summary", "drb_lines"])
        overall = next(r for r in scores["drb_summary"] if r["subset"] == "overall")
        out = {k: overall[k] for k in ("accuracy", "majority_accuracy", "precision", "recall", "parse_rate")}
        if annotated_pairs is not None:
            lines = scores["drb_lines"][0] if scores["drb_lines"] else {}
            out.update(pair_agreement=lines.get("pair_agreement"), line_agreement=lines.get("line_agreement"))
        return out
