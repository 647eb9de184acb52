"""DataRaceBench race prediction (pcwm): accuracy over samples, majority vote, precision, recall, line agreement."""

import collections

import datasets
import evaluate

from pcwm.evals.suite_drb import parse_prediction

_DESCRIPTION = """Scores ThreadSanitizer world-model answers on DataRaceBench. A sample predicts "race" when its parsed
answer lists at least one race; an unparseable sample is wrong. accuracy: per program the share of correct samples,
then the mean over programs. majority_accuracy: one vote per program (more than half of its samples). precision and
recall over samples. With annotated_pairs: pair_agreement and line_agreement over racy, annotated programs' samples
that predicted a race. The same numbers as pcwm's sql/drb_summary.sql and sql/drb_lines.sql."""
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
        program_ids = program_ids if program_ids is not None else list(range(len(predictions)))
        parsed = [parse_prediction(p) for p in predictions]
        per_program = collections.defaultdict(list)
        tp = fp = pos = n_parsed = 0
        for pid, ref, pr in zip(program_ids, references, parsed, strict=True):
            pred = pr["pred_race"]
            per_program[pid].append((bool(ref), pred))
            n_parsed += pr["parsed"]
            tp += bool(pred) and bool(ref)
            fp += bool(pred) and not ref
            pos += bool(ref)
        accs, votes = [], []
        for samples in per_program.values():
            truth = samples[0][0]
            accs.append(sum(p is not None and p == truth for _, p in samples) / len(samples))
            agree = sum(p is not None and p == truth for _, p in samples)
            votes.append(agree * 2 > len(samples))
        out = {
            "accuracy": sum(accs) / len(accs),
            "majority_accuracy": sum(votes) / len(votes),
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / pos if pos else None,
            "parse_rate": n_parsed / len(predictions),
        }
        if annotated_pairs is not None:
            out.update(_line_agreement(parsed, references, annotated_pairs))
        return out


def _line_agreement(parsed, references, annotated_pairs):
    pair_hits = line_hits = n = 0
    for pr, ref, pairs in zip(parsed, references, annotated_pairs, strict=True):
        if not ref or not pr["pred_race"] or not pairs:
            continue
        n += 1
        annotated = {(int(a), int(b)) for a, b in pairs}
        predicted = {(p["lo"], p["hi"]) for p in pr["pred_pairs"]}
        lines = {x for pair in annotated for x in pair}
        pair_hits += bool(predicted & annotated)
        line_hits += bool(set(pr["pred_lines"]) & lines)
    return {"pair_agreement": pair_hits / n if n else None, "line_agreement": line_hits / n if n else None}
