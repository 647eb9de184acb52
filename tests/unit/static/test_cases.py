"""The static model on hand-written programs (tests/static_cases): each rule, racy and race-free."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcwm.static import analyze

CASES = Path(__file__).resolve().parents[2] / "static_cases"
FILES = sorted(p for p in CASES.iterdir() if p.suffix in (".c", ".cpp"))


def expectation(path: Path) -> list[str]:
    first = path.read_text().split("\n", 1)[0]
    assert first.startswith("// expect:"), f"{path.name}: first line must be '// expect: ...'"
    return first.split(":", 1)[1].split()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_case(path: Path):
    want = expectation(path)
    verdict = analyze(path.read_text(), "cpp" if path.suffix == ".cpp" else "c")
    found = [(r.rule, sorted(r.lines), r.var) for r in verdict.races]
    if want[0] == "undecided":
        assert verdict.undecided, f"expected 'cannot decide', got races {found}"
        return
    assert verdict.undecided is None, verdict.undecided
    if want[:2] == ["no", "race"]:
        assert not verdict.races, f"false alarm: {found}"
        return
    rule, lines = want[1], sorted(int(x) for x in want[2:4])
    assert any(r.rule == rule and sorted(r.lines) == lines for r in verdict.races), f"missed: got {found}"


def test_cases_cover_every_rule_racy_and_race_free():
    from pcwm.static.rules import RULES

    racy = {expectation(p)[1] for p in FILES if expectation(p)[0] == "race"}
    assert set(RULES) <= racy, f"rules without a racy case: {set(RULES) - racy}"
    assert sum(expectation(p)[0] == "no" for p in FILES) >= len(RULES)
