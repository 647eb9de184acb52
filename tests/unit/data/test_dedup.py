"""Near-duplicate removal on real candidate code: same outcome and near-identical code go, contrasts stay."""

from __future__ import annotations

from pcwm.data.dedup import near_dedup, shingles
from pcwm.data.schema import normalized_hash


def _reformatted(code: str) -> str:
    return "/* copied */\n" + "\n".join("    " + line.strip() for line in code.splitlines()) + "\n// end\n"


def test_comment_and_layout_copies_have_the_same_tokens(tsan_records):
    code = tsan_records[0]["code"]
    assert normalized_hash(code) == normalized_hash(_reformatted(code))
    assert shingles(code) == shingles(_reformatted(code))


def test_near_duplicates_with_the_same_outcome_are_dropped_first_kept(tsan_records):
    a = tsan_records[0]["code"]
    items = [("orig", a, "no race"), ("copy", _reformatted(a), "no race")]
    res = near_dedup(items, threshold=0.9)
    assert res.kept == ["orig"]
    assert res.near[0].dropped == "copy" and res.near[0].kept == "orig" and res.near[0].jaccard >= 0.9


def test_a_contrast_with_another_outcome_is_kept(tsan_records):
    a = tsan_records[0]["code"]
    res = near_dedup([("orig", a, "no race"), ("copy", _reformatted(a), "race at 12")], threshold=0.9)
    assert res.kept == ["orig", "copy"] and not res.near


def test_programs_of_different_problems_are_not_duplicates(tsan_records):
    first = {}
    for r in tsan_records:
        first.setdefault(r["problem_id"], r["code"])
    res = near_dedup([(pid, code, "same key") for pid, code in first.items()], threshold=0.9)
    assert len(first) >= 10 and res.kept == list(first) and not res.near
