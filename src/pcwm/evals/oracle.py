"""The TSan oracle on DataRaceBench: how well the sandbox itself labels races (accuracy vs file-name labels)."""

from __future__ import annotations

from dataclasses import dataclass

from pcwm.evals.drb import DRBProgram, race_line_pairs


@dataclass
class BinaryScores:
    n: int
    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else float("nan")

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")

    def as_row(self) -> dict:
        return {"n": self.n, "accuracy": self.accuracy, "precision": self.precision, "recall": self.recall,
                "tp": self.tp, "fp": self.fp, "tn": self.tn, "fn": self.fn}


def binary_scores(pairs: list[tuple[bool, bool]]) -> BinaryScores:
    """(truth, predicted) pairs -> confusion counts."""
    tp = sum(t and p for t, p in pairs)
    fp = sum((not t) and p for t, p in pairs)
    tn = sum((not t) and (not p) for t, p in pairs)
    fn = sum(t and (not p) for t, p in pairs)
    return BinaryScores(len(pairs), tp, fp, tn, fn)


def score_oracle(programs: list[DRBProgram], results: dict[str, dict]) -> dict:
    """Scores sandbox results (by program name; dicts as SandboxResult.to_dict()) against DRB labels.

    Programs whose result is not a label (sandbox_error) are counted apart, never scored as race or no race.
    """
    scored, errors = [], []
    for p in programs:
        r = results.get(p.name)
        if r is None or r["status"] in ("sandbox_error", "tampered"):
            errors.append(p.name)
            continue
        scored.append((p, r["status"] == "race", r))
    overall = binary_scores([(p.has_race, pred) for p, pred, _ in scored])
    clean = binary_scores([(p.has_race, pred) for p, pred, _ in scored if p.clean])
    agree = total = 0
    for p, pred, r in scored:
        if p.has_race and pred and p.annotated_pairs:
            total += 1
            reported = race_line_pairs(r["races"], p.name)
            agree += bool(reported & set(p.annotated_pairs))
    statuses: dict[str, int] = {}
    for _, _, r in scored:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return {
        "overall": overall.as_row(),
        "clean": clean.as_row(),
        "line_pair_agreement": agree / total if total else float("nan"),
        "line_pair_n": total,
        "sandbox_errors": errors,
        "statuses": statuses,
        "misses": sorted(p.name for p, pred, _ in scored if p.has_race and not pred),
        "false_alarms": sorted(p.name for p, pred, _ in scored if not p.has_race and pred),
    }
