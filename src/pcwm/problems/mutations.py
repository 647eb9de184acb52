"""Race-injecting mutation operators on OpenMP C/C++ source, and the `mutate()` entry point for all operators.

Each operator walks the tree-sitter tree of a correct implementation and yields *sites*: a set of byte edits that
turn it into a realistic racy program (a clause dropped, a construct removed, a temporary made shared, ...). The
expected label of such a mutant is "race"; the sandbox decides the actual label. Semantics-preserving rewrites
(expected label = the parent's) live in `pcwm.problems.rewrites` and share the same `Mutant` record.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tree_sitter import Node

from pcwm.problems.mutations_scope import hoist_temporary, widen_bound
from pcwm.problems.omp_source import (
    Clause,
    Edit,
    OmpSource,
    Pragma,
    Site,
    declarator_identifier,
    declared_names,
    identifier_names,
    loop_variable,
    walk,
    write_targets,
    written_names,
)
from pcwm.problems.rewrites import REWRITES


@dataclass(frozen=True)
class Mutant:
    """A program derived from a parent implementation by one operator at one site."""

    parent: str  # id of the parent implementation (seed id / impl stem)
    operator: str
    kind: str  # "race" (race-injecting) | "harmless" (semantics-preserving rewrite)
    expected: str  # "race" | "no race"
    site: int  # index among this operator's sites in the parent
    line: int
    description: str
    source: str
    diff: str

    @property
    def id(self) -> str:
        return f"{self.parent}/{self.operator}-{self.site}"

    @property
    def source_sha(self) -> str:
        return hashlib.sha256(self.source.encode()).hexdigest()[:16]


Operator = Callable[[OmpSource], Iterator[Site]]


# ---- clause edits ---------------------------------------------------------------------------------------------
def _remove_clause(c: Clause) -> Edit:
    return Edit(c.prev_end, c.end, "")


def _clause_without(src: OmpSource, c: Clause, item: str) -> Edit:
    """Rewrites a list clause without one item (removes the whole clause when it was the only item)."""
    rest = [x for x in c.items() if x != item]
    if not rest:
        return _remove_clause(c)
    args = c.args or ""
    prefix = ""
    if c.name in ("reduction", "lastprivate") and ":" in args:
        depth = 0
        for i, ch in enumerate(args):
            depth += (ch in "([") - (ch in ")]")
            if ch == ":" and depth == 0:
                prefix = args[: i + 1] + " "
                break
    return Edit(c.start, c.end, f"{c.name}({prefix}{', '.join(rest)})")


def _pragma_end(p: Pragma) -> int:
    return p.clauses[-1].end if p.clauses else p.end_of_directive


def _clause_text(src: OmpSource, c: Clause) -> str:
    return src.data[c.start:c.end].decode().replace("\\\n", " ")


# ---- operators --------------------------------------------------------------------------------------------------
def drop_reduction(src: OmpSource) -> Iterator[Site]:
    """Drops a reduction clause (or one variable of it): the partial results now race on the shared variable."""
    for p in src.pragmas:
        for c in p.clauses_named("reduction"):
            if re.match(r"\s*(inscan|task)\s*,", c.args or ""):
                continue  # inscan: the scan directive needs it; task reductions are another construct
            items = c.items()
            if len(items) <= 1:
                yield Site((_remove_clause(c),), p.line, f"dropped `{_clause_text(src, c)}`")
                continue
            for item in items:
                yield Site((_clause_without(src, c, item),), p.line,
                           f"dropped `{item}` from `{_clause_text(src, c)}`")


def drop_private(src: OmpSource) -> Iterator[Site]:
    """Drops a variable from private/firstprivate/lastprivate (on a task, firstprivate becomes shared)."""
    loops = src.loop_pragma_loops()
    for p in src.pragmas:
        body = src.body(p)
        if body is None:
            continue
        own = {loop_variable(src, x) for x in walk(body) if x in loops}
        writes = written_names(src, body)
        if p.kind in ("task", "taskloop") and (loop := _enclosing_loop(body)) is not None:
            writes |= written_names(src, loop)  # the generating loop moves on while the task runs
        for c in p.clauses_named("private", "firstprivate", "lastprivate"):
            for item in c.items():
                if item in own or item not in writes:
                    continue  # predetermined private, or never written: sharing it would not race
                edits = [_clause_without(src, c, item)]
                what = f"dropped `{item}` from `{_clause_text(src, c)}`"
                if p.kind in ("task", "taskloop") and c.name == "firstprivate":
                    edits.append(Edit(_pragma_end(p), _pragma_end(p), f" shared({item})"))
                    what = f"made `{item}` shared instead of firstprivate on the {p.kind}"
                yield Site(tuple(edits), p.line, what)


def _enclosing_loop(node):
    cur = node.parent
    while cur is not None and cur.type not in ("for_statement", "while_statement", "do_statement",
                                               "function_definition"):
        cur = cur.parent
    return cur if cur is not None and cur.type != "function_definition" else None


def _drop_construct(kind: str, what: str) -> Operator:
    def op(src: OmpSource) -> Iterator[Site]:
        for p in src.pragmas:
            if p.kind == kind:
                line = src.text(p.node).strip().replace("\\\n", " ")
                yield Site((src.remove_lines(p.node),), p.line, f"removed `{line}`{what}")

    op.__name__ = f"drop_{kind}"
    op.__doc__ = f"Removes `#pragma omp {kind}`{what}."
    return op


drop_critical = _drop_construct("critical", " (its block now runs unprotected)")
drop_atomic = _drop_construct("atomic", " (the update is now a plain read-modify-write)")
drop_single = _drop_construct("single", " (every thread now runs the block)")
drop_barrier = _drop_construct("barrier", "")


def _array_names(src: OmpSource, scope: Node) -> set[str]:
    """Names declared as arrays (not pointers) in a subtree: copying one into a task would copy its elements."""
    out = set()
    for n in walk(scope):
        if n.type in ("declaration", "parameter_declaration"):
            for d in n.children_by_field_name("declarator"):
                inner = d.child_by_field_name("declarator") if d.type == "init_declarator" else d
                if inner is not None and inner.type == "array_declarator" and (
                        ident := declarator_identifier(inner)) is not None:
                    out.add(src.text(ident))
    return out


def _assigned_whole(src: OmpSource, node: Node) -> set[str]:
    """Variables assigned as a whole (`x = ...`, `x++`), not through an index or a field."""
    return {src.text(t) for t in write_targets(node) if t is not None and t.type == "identifier"}


def drop_taskwait(src: OmpSource) -> Iterator[Site]:
    """Removes `#pragma omp taskwait` (the parent reads task results without waiting).

    The tasks it waited for may hold `shared` handles into the parent's frame (the pointers an array is reached
    through, bounds they only read). Without the wait the parent can return first, and the tasks would read a dead
    frame: a crash, not the race the mutation means. Those read-only handles become firstprivate (the same values,
    captured when the task is created); variables a task assigns, and arrays, stay shared, so the race on the
    results is kept."""
    for p in src.pragmas:
        if p.kind != "taskwait":
            continue
        line = src.text(p.node).strip().replace("\\\n", " ")
        edits, moved = [src.remove_lines(p.node)], []
        func = p.node.parent
        while func is not None and func.type != "function_definition":
            func = func.parent
        if func is not None:
            arrays = _array_names(src, func)
            for t in src.pragmas:
                if t.kind != "task" or not (func.start_byte <= t.node.start_byte < p.node.start_byte):
                    continue
                body = src.body(t)
                if body is None or body.end_byte > p.node.start_byte:
                    continue  # a task after the wait or around it: not one of those it waited for
                written = _assigned_whole(src, body)
                for c in t.clauses_named("shared"):
                    keep = [x for x in c.items() if x in written or x in arrays or not x.isidentifier()]
                    grab = [x for x in c.items() if x not in keep]
                    if not grab:
                        continue
                    edits.append(Edit(c.start, c.end, f"shared({', '.join(keep)})") if keep else _remove_clause(c))
                    edits.append(Edit(_pragma_end(t), _pragma_end(t), f" firstprivate({', '.join(grab)})"))
                    moved += grab
        what = f"removed `{line}` (the parent reads task results without waiting)"
        if moved:
            what += f"; the tasks capture {', '.join(f'`{x}`' for x in dict.fromkeys(moved))} by value"
        yield Site(tuple(edits), p.line, what)


def _next_statement(node):
    nxt = node.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    return nxt


def add_nowait(src: OmpSource) -> Iterator[Site]:
    """Adds nowait to a worksharing construct followed (in the same region) by code that uses what it wrote."""
    by_node = {p.node: p for p in src.pragmas}
    for p in src.pragmas:
        if p.directive not in (("for",), ("single",), ("sections",)) or p.clause("nowait") or p.clause("copyprivate"):
            continue
        body = src.body(p)
        if body is None or src.enclosing(p.node, "parallel") is None:
            continue
        nxt = _next_statement(body)
        if nxt is None:
            continue  # last in the region: the region's own barrier still orders it
        following = [nxt]
        if (q := by_node.get(nxt)) is not None:
            if q.kind in ("barrier", "taskwait"):
                continue
            if (qb := src.body(q)) is not None:
                following.append(qb)
        writes = written_names(src, body) - declared_names(src, body) - {loop_variable(src, body)}
        for c in p.clauses_named("reduction", "lastprivate"):
            writes |= {re.split(r"[\[\s]", x, maxsplit=1)[0] for x in c.items()}
        reads = set().union(*(identifier_names(src, f) for f in following))
        if used := sorted(writes & reads):
            yield Site((Edit(_pragma_end(p), _pragma_end(p), " nowait"),), p.line,
                       f"added nowait to `omp {' '.join(p.directive)}` followed by code using {', '.join(used)}")


def drop_lock(src: OmpSource) -> Iterator[Site]:
    """Removes an omp_set_lock/omp_unset_lock pair (same lock, same block)."""
    for block in walk(src.root):
        if block.type != "compound_statement":
            continue
        stmts = [c for c in block.named_children if c.type == "expression_statement"]
        for k, s in enumerate(stmts):
            call = _call(src, s, ("omp_set_lock", "omp_set_nest_lock"))
            if call is None:
                continue
            unset = "omp_unset_nest_lock" if call[0] == "omp_set_nest_lock" else "omp_unset_lock"
            for s2 in stmts[k + 1:]:
                c2 = _call(src, s2, (unset,))
                if c2 is not None and c2[1] == call[1]:
                    yield Site((src.remove_lines(s), src.remove_lines(s2)), s.start_point[0] + 1,
                               f"removed {call[0]}({call[1]}) and its {unset}")
                    break


def _call(src: OmpSource, stmt, names: tuple[str, ...]) -> tuple[str, str] | None:
    expr = stmt.named_children[0] if stmt.named_children else None
    if expr is None or expr.type != "call_expression":
        return None
    fn = expr.child_by_field_name("function")
    args = expr.child_by_field_name("arguments")
    if fn is None or src.text(fn) not in names or args is None:
        return None
    return src.text(fn), re.sub(r"\s+", "", src.text(args)[1:-1])


# ---- registry and driver ---------------------------------------------------------------------------------------
RACE_OPERATORS: dict[str, Operator] = {
    "drop_reduction": drop_reduction,
    "drop_private": drop_private,
    "drop_critical": drop_critical,
    "drop_atomic": drop_atomic,
    "drop_single": drop_single,
    "add_nowait": add_nowait,
    "drop_barrier": drop_barrier,
    "drop_taskwait": drop_taskwait,
    "hoist_temporary": hoist_temporary,
    "widen_bound": widen_bound,
    "drop_lock": drop_lock,
}
OPERATORS: dict[str, tuple[str, Operator]] = {
    **{k: ("race", v) for k, v in RACE_OPERATORS.items()},
    **{k: ("harmless", v) for k, v in REWRITES.items()},
}


def creates_known_false_positive(source: str, language: str) -> bool:
    """True for constructs our TSan+Archer build reports falsely: `taskloop ... reduction(...)` (clang-16's runtime
    combines taskloop reductions without happens-before edges TSan can see)."""
    return any(p.has("taskloop") and p.clauses_named("reduction", "in_reduction")
               for p in OmpSource(source, language).pragmas)


def mutate(source: str, language: str, *, parent: str = "", file_name: str = "candidate",
           operators: list[str] | None = None, parent_label: str = "no race") -> list[Mutant]:
    """Every mutant of `source` by the named operators (default all), deduplicated by text.

    Mutants whose text does not parse cleanly, equals the parent, or would create a known TSan false positive
    (taskloop reductions) are not made.
    """
    names = operators or list(OPERATORS)
    if unknown := [n for n in names if n not in OPERATORS]:
        raise ValueError(f"unknown operator(s) {', '.join(unknown)}; known: {', '.join(OPERATORS)}")
    src = OmpSource(source, language)
    seen, out = {source}, []
    parent_fp = creates_known_false_positive(source, language)
    for name in names:
        kind, op = OPERATORS[name]
        for k, site in enumerate(op(src)):
            text = src.apply(list(site.edits))
            if text in seen or OmpSource(text, language).root.has_error and not src.root.has_error:
                continue
            if not parent_fp and creates_known_false_positive(text, language):
                continue
            seen.add(text)
            diff = "".join(difflib.unified_diff(source.splitlines(True), text.splitlines(True),
                                                f"a/{file_name}", f"b/{file_name}"))
            out.append(Mutant(parent=parent, operator=name, kind=kind,
                              expected="race" if kind == "race" else parent_label, site=k, line=site.line,
                              description=site.description, source=text, diff=diff))
    return out
