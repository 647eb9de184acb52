"""The static model's shortcuts for large programs give what a plain tree walk gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from tree_sitter import Query, QueryCursor

from pcwm.problems.omp_source import parser_for, walk
from pcwm.static.reads import PURE_INNER, _scanned, _walked_leaves
from pcwm.static.source import StaticSource

CASES = Path(__file__).resolve().parents[2] / "static_cases"

EXPRESSIONS = [
    "(n + -1) * 16 < 0 ? -((-(n + -1) + 16 + 1) / 16) : (n + -1) / 16",
    "16 * c1 + 15 < ni + -1 ? 16 * c1 + 15 : ni + -1",
    "(double) c3 * c4 / ni + (double) c3",
    "(T) *p + n",  # a cast of a dereference (or a product): the tree decides
    "(a) * b + a",
    "(int *) q == q",
    "a && b || !c && ~d",
    "x & y",
    "f(x) + y",
    "a[i] + b",
    "s.f + t",
    "sizeof(int) * n",
    "m <= n ? NULL : m",
    "k +\n    k + j\n    - k",
]


def _first_expression(src: StaticSource):
    return next(n for n in walk(src.root) if n.type in PURE_INNER)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_text_scan_agrees_with_the_walk(text):
    src = StaticSource(f"int g(void) {{ return {text}; }}\n", "c")
    node = _first_expression(src)
    walked = _walked_leaves(node, {})
    scanned = _scanned(src, node, {})
    if scanned is None:  # the scan declined: the walk answers
        return
    assert walked is not False, f"scan accepted an expression the walk rejects: {text!r}"
    assert [(n.start_byte, n.end_byte) for n in scanned] == [(n.start_byte, n.end_byte) for n in walked]


def test_the_scan_takes_generated_bounds_and_declines_calls():
    src = StaticSource("int g(void) { return (n + -1) * 16 < 0 ? n : m + n; }\n", "c")
    assert [n.text for n in _scanned(src, _first_expression(src), {})] == [b"n", b"m"]
    src = StaticSource("int g(void) { return f(n) + n; }\n", "c")
    assert _scanned(src, _first_expression(src), {}) is None


@pytest.mark.parametrize("path", sorted(CASES.glob("*.c")), ids=lambda p: p.name)
def test_assigned_names_match_a_tree_query(path):
    src = StaticSource(path.read_text(), "c")
    query = Query(parser_for("c").language, "(assignment_expression left: (identifier) @w) "
                  "(update_expression argument: (identifier) @w) "
                  "(pointer_expression operator: \"&\" argument: (identifier) @w)")
    written = {src.text(n) for n in QueryCursor(query).captures(src.root).get("w", [])}
    names = {src.text(n) for n in walk(src.root) if n.type == "identifier"}
    assert {n for n in names if src.assigned(n)} == written
