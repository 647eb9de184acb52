"""Semantics-preserving rewrites of OpenMP source, so that not every derived program is racy.

Each rewrite keeps the parent's behaviour (and label): a different loop schedule, collapsing a perfectly nested
rectangular loop pair, renaming local variables, rewriting loop increments/conditions. Schedule and collapse change
which thread runs which iteration, so they are only applied where that mapping cannot matter: not in a region that
asks for its thread number or holds a `nowait` (work may be handed from one loop to the next on the same thread).
The sandbox checks every rewrite; the report counts how many stayed race-free and valid ("ok rate").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from tree_sitter import Node

from pcwm.problems.omp_source import (
    Edit,
    OmpSource,
    Pragma,
    Site,
    declarator_identifier,
    declared_names,
    identifier_names,
    loop_variable,
    single_statement,
    walk,
)

SCHEDULES = ("static", "dynamic", "guided", "static, 4", "dynamic, 16", "guided, 8", "dynamic, 1", "static, 64")
# Words that may appear inside clause arguments: a variable with such a name is never renamed.
OMP_ARG_WORDS = frozenset({"static", "dynamic", "guided", "auto", "runtime", "none", "shared", "private", "min",
                           "max", "inscan", "task", "conditional", "monotonic", "nonmonotonic", "simd", "omp_in",
                           "omp_out", "omp_priv", "omp_orig", "in", "out", "inout", "mutexinoutset", "depobj"})
RENAME_TAGS = ("loc", "val", "tmp", "acc", "cur", "w")


def _mapping_sensitive(src: OmpSource, p: Pragma) -> bool:
    """True when the thread-to-iteration mapping of this loop may matter (thread ids or nowait in its region)."""
    region = src.enclosing(p.node, "parallel") if not p.has("parallel") else p
    scope = src.body(region) if region is not None else src.body(p)
    if scope is None:
        return True
    names = identifier_names(src, scope)
    if "omp_get_thread_num" in names or "nowait" in names or p.clause("nowait"):
        return True
    return any("nowait" in src.text(q.node) for q in src.pragmas
               if scope.start_byte <= q.node.start_byte < scope.end_byte)


def _worksharing_for(p: Pragma) -> bool:
    return p.has("for") and not p.has("taskloop") and not p.clause("ordered")


def _insert_clause(p: Pragma, text: str) -> Edit:
    end = p.clauses[-1].end if p.clauses else p.end_of_directive
    return Edit(end, end, f" {text}")


def schedule_change(src: OmpSource) -> Iterator[Site]:
    """A different schedule on a worksharing loop (static/dynamic/guided, with or without chunk)."""
    for p in src.pragmas:
        if not _worksharing_for(p) or _mapping_sensitive(src, p):
            continue
        c = p.clause("schedule")
        current = re.sub(r"\s+", "", c.args or "") if c is not None else ""
        k = p.line % len(SCHEDULES)
        pick = next(s for s in SCHEDULES[k:] + SCHEDULES[:k] if s.replace(" ", "") != current)
        edit = Edit(c.start, c.end, f"schedule({pick})") if c is not None else _insert_clause(p, f"schedule({pick})")
        before = f"schedule({c.args})" if c is not None else "no schedule clause"
        yield Site((edit,), p.line, f"changed {before} to schedule({pick})")


def collapse(src: OmpSource) -> Iterator[Site]:
    """collapse(2) on a worksharing loop over a perfectly nested rectangular loop pair."""
    for p in src.pragmas:
        outer = src.body(p)
        if not _worksharing_for(p) or p.clause("collapse") or outer is None or outer.type != "for_statement":
            continue
        inner = single_statement(outer.child_by_field_name("body"))
        if inner is None or inner.type != "for_statement" or _mapping_sensitive(src, p):
            continue
        ov, iv = loop_variable(src, outer), loop_variable(src, inner)
        header = [inner.child_by_field_name(k) for k in ("initializer", "condition", "update")]
        cond = header[1]
        if not ov or not iv or ov == iv or any(h is None for h in header) or cond.type != "binary_expression":
            continue
        if src.text(cond.child_by_field_name("operator")) not in ("<", "<=", ">", ">="):
            continue
        if any(ov in identifier_names(src, h) for h in header):
            continue  # triangular nest: not collapsible
        if not _independent_iterations(src, inner, p):
            continue  # the inner loop carries a dependence (a scan along it): collapsing would race
        yield Site((_insert_clause(p, "collapse(2)"),), p.line, f"collapsed the {ov}/{iv} loop nest")


def _independent_iterations(src: OmpSource, loop: Node, p: Pragma) -> bool:
    """Conservative check that a loop's iterations touch disjoint data: every array it writes is accessed through
    one subscript only, which involves the loop variable, and every scalar it writes is local to the body or a
    reduction variable."""
    body = loop.child_by_field_name("body")
    local = declared_names(src, body) if body is not None else set()
    reduced = {x for c in p.clauses_named("reduction") for x in c.items()}
    written: dict[str, set[str]] = {}
    for n in walk(body) if body is not None else ():
        target = n.child_by_field_name("left") if n.type == "assignment_expression" else (
            n.child_by_field_name("argument") if n.type == "update_expression" else None)
        if target is None:
            continue
        if target.type == "identifier":
            if src.text(target) not in local | reduced:
                return False
        elif target.type == "subscript_expression" and (arg := target.child_by_field_name("argument")) is not None:
            written.setdefault(src.text(arg), set())
        else:
            return False  # writes through pointers or fields: do not guess
    for n in walk(body) if body is not None else ():
        if n.type == "subscript_expression" and (arg := n.child_by_field_name("argument")) is not None \
                and src.text(arg) in written:
            written[src.text(arg)].add(re.sub(r"\s+", "", src.text(n)))
    var = loop_variable(src, loop)
    # one subscript per written array, and it moves with the inner variable (else iterations share an element)
    return all(len(subs) == 1 and var in re.findall(r"[A-Za-z_]\w*", next(iter(subs))) for subs in written.values())


def rename(src: OmpSource) -> Iterator[Site]:
    """Renames up to three local variables or parameters of each function, in code and in OpenMP clauses."""
    macro_words = set()
    for n in walk(src.root):
        if n.type in ("preproc_def", "preproc_function_def"):
            macro_words |= set(re.findall(r"[A-Za-z_]\w*", src.text(n)))
    words = set(re.findall(r"[A-Za-z_]\w*", src.source))
    for fn in (c for c in src.root.named_children if c.type == "function_definition"):
        counts: dict[str, int] = {}
        for n in walk(fn):
            if n.type in ("declaration", "parameter_declaration"):
                for name in _own_names(src, n):
                    counts[name] = counts.get(name, 0) + 1
        in_clauses = {w for p in src.pragmas if fn.start_byte <= p.node.start_byte < fn.end_byte
                      for c in p.clauses for w in re.findall(r"[A-Za-z_]\w*", c.args or "")}
        if not any(fn.start_byte <= p.node.start_byte < fn.end_byte for p in src.pragmas):
            continue  # helpers without OpenMP: renaming them says nothing about the parallel code
        names = [n for n, k in counts.items() if k == 1 and n not in OMP_ARG_WORDS and n not in macro_words]
        chosen = sorted(names, key=lambda n: n not in in_clauses)[:3]  # stable: clause variables first
        if not chosen:
            continue
        new = {}
        for k, name in enumerate(chosen):
            cand = f"{name}_{RENAME_TAGS[(fn.start_point[0] + k) % len(RENAME_TAGS)]}"
            while cand in words or cand in new.values():
                cand += "_"
            new[name] = cand
        yield Site(tuple(_rename_edits(src, fn, new)), fn.start_point[0] + 1,
                   "renamed " + ", ".join(f"{a} -> {b}" for a, b in new.items()))


def _own_names(src: OmpSource, decl: Node) -> list[str]:
    """Names a declaration (or parameter) itself declares, not those inside its initializers."""
    return [src.text(i) for d in decl.children_by_field_name("declarator")
            if (i := declarator_identifier(d)) is not None]


def _rename_edits(src: OmpSource, fn: Node, new: dict[str, str]) -> list[Edit]:
    # C++ parses `std::vector<int> v(n)` ambiguously: `n` may come out as a type_identifier; rename those too
    edits = [Edit(n.start_byte, n.end_byte, new[src.text(n)]) for n in walk(fn)
             if n.type in ("identifier", "type_identifier") and src.text(n) in new]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, new)) + r")\b")
    for p in src.pragmas:
        if not fn.start_byte <= p.node.start_byte < fn.end_byte:
            continue
        for c in p.clauses:
            raw = src.data[c.start:c.end].decode()
            head, _, tail = raw.partition("(")
            if tail and pattern.search(tail):
                edits.append(Edit(c.start, c.end, head + "(" + pattern.sub(lambda m: new[m.group(1)], tail)))
    return edits


def loop_form(src: OmpSource) -> Iterator[Site]:
    """Loop increments `i++`/`++i` -> `i += 1` (site 0), and loop tests `i < n` -> `n > i` (site 1)."""
    incs, tests = [], []
    for f in walk(src.root):
        if f.type != "for_statement":
            continue
        upd, cond = f.child_by_field_name("update"), f.child_by_field_name("condition")
        var = loop_variable(src, f)
        if upd is not None and upd.type == "update_expression" and var and src.text(upd).replace(" ", "") in (
                f"{var}++", f"++{var}"):
            incs.append(Edit(upd.start_byte, upd.end_byte, f"{var} += 1"))
        if cond is not None and cond.type == "binary_expression" and var:
            op, left, right = (cond.child_by_field_name(k) for k in ("operator", "left", "right"))
            flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(src.text(op))
            if flip and left is not None and right is not None and src.text(left) == var:
                tests.append(Edit(cond.start_byte, cond.end_byte, f"{src.text(right)} {flip} {var}"))
    if incs:
        yield Site(tuple(incs), _line(src, incs[0]), f"rewrote {len(incs)} loop increment(s) as `i += 1`")
    if tests:
        yield Site(tuple(tests), _line(src, tests[0]), f"rewrote {len(tests)} loop test(s) as `n > i`")


def _line(src: OmpSource, e: Edit) -> int:
    return src.data.count(b"\n", 0, e.start) + 1


REWRITES: dict[str, Callable[[OmpSource], Iterator[Site]]] = {
    "schedule_change": schedule_change,
    "collapse": collapse,
    "rename": rename,
    "loop_form": loop_form,
}
