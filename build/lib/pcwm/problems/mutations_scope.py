"""Race-injecting operators that reason about scopes and loop bounds: hoist_temporary and widen_bound.

- hoist_temporary: a variable declared inside a parallel region is private to each thread; declaring it just before
  the region (and assigning it inside) makes it shared, the classic "temporary declared too early" race.
- widen_bound: an off-by-one into a neighbour's slice, on a per-thread/per-block inner loop (`i < hi` -> `i <= hi`)
  or on a worksharing loop that updates `a[i]` from `a[i]` (`a[i + 1] = ...`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from pcwm.problems.omp_source import (
    Edit,
    OmpSource,
    Pragma,
    Site,
    base_identifier,
    declarator_identifier,
    declared_names,
    identifier_names,
    loop_variable,
    walk,
)


def hoist_temporary(src: OmpSource) -> Iterator[Site]:
    """Moves a declaration out of a parallel region (assignment stays inside): the temporary becomes shared."""
    omp_loops = src.loop_pragma_loops()
    for p in src.pragmas:
        region = src.body(p)
        block = p.node.parent
        if not p.has("parallel") or region is None or block is None or block.type != "compound_statement":
            continue
        if any(c.name == "default" and "none" in (c.args or "") for c in p.clauses):
            continue  # default(none) would reject the new shared variable
        forbidden = _names_in_scope(src, block) | _uses_after(src, block, region)
        for decl in walk(region):
            if decl.type != "declaration" or (decl.parent in omp_loops and
                                              decl == decl.parent.child_by_field_name("initializer")):
                continue
            if src.serialized(decl):
                continue  # one thread at a time: a shared temporary would not race
            site = _hoist(src, p, decl, forbidden)
            if site is not None:
                yield site


def _block_indent(src: OmpSource, pragma: Node) -> str:
    """Indentation of the statements around a pragma (pragmas are often written at column 0)."""
    for sib in (pragma.prev_named_sibling, pragma.next_named_sibling):
        if sib is not None and sib.type != "preproc_call" and (ind := src.indent_of(sib)):
            return ind
    return src.indent_of(pragma)


def _names_in_scope(src: OmpSource, block: Node) -> set[str]:
    """Names a new declaration at the top level of `block` would clash with."""
    out = set()
    for c in block.named_children:
        if c.type == "declaration":
            out |= {src.text(i) for d in c.children_by_field_name("declarator")
                    if (i := declarator_identifier(d)) is not None}
    parent = block.parent
    if parent is not None and parent.type == "function_definition":
        decl = parent.child_by_field_name("declarator")
        params = decl.child_by_field_name("parameters") if decl is not None else None
        if params is not None:
            out |= declared_names(src, params)
    if parent is not None and parent.type == "for_statement" and (v := loop_variable(src, parent)):
        out.add(v)
    return out


def _uses_after(src: OmpSource, block: Node, region: Node) -> set[str]:
    out = set()
    for c in block.named_children:
        if c.start_byte >= region.end_byte:
            out |= identifier_names(src, c)
    return out


def _hoist(src: OmpSource, p: Pragma, decl: Node, forbidden: set[str]) -> Site | None:
    if any(c.type in ("storage_class_specifier", "attribute_specifier") for c in decl.children):
        return None  # static/extern/thread_local temporaries are not per-thread to begin with
    type_node = decl.child_by_field_name("type")
    declarators = decl.children_by_field_name("declarator")
    if type_node is None or not declarators or type_node.type == "placeholder_type_specifier":
        return None  # `auto` needs its initializer
    prefix = src.data[decl.start_byte:declarators[0].start_byte].decode()
    targets = [d.child_by_field_name("declarator") if d.type == "init_declarator" else d for d in declarators]
    if any(t is None or t.type not in ("identifier", "pointer_declarator") or "const" in src.text(t)
           or declarator_identifier(t) is None for t in targets):
        return None  # arrays, references, const pointers: not assignable after the fact
    pointer = any(t.type == "pointer_declarator" for t in targets)
    if re.search(r"\bconst(expr)?\b", prefix):
        if pointer:
            return None
        prefix = re.sub(r"\bconst(expr)?\b\s*", "", prefix)
    names, assigns = [], []
    for d, t in zip(declarators, targets, strict=True):
        name = src.text(declarator_identifier(t))
        if name in forbidden:
            return None
        names.append(name)
        value = d.child_by_field_name("value") if d.type == "init_declarator" else None
        if value is None:
            continue
        if value.type in ("argument_list", "initializer_list"):
            if src.language != "cpp" or pointer:
                return None
            assigns.append(f"{name} = {src.text(type_node)}{src.text(value)}")
        else:
            assigns.append(f"{name} = {src.text(value)}")
    outer = f"{_block_indent(src, p.node)}{prefix}{', '.join(src.text(t) for t in targets)};\n"
    in_for = decl.parent is not None and decl.parent.type == "for_statement"
    if in_for:
        inner = Edit(decl.start_byte, decl.end_byte, ", ".join(assigns) + ";")
    elif assigns:
        inner = Edit(decl.start_byte, decl.end_byte, "; ".join(assigns) + ";")
    else:
        inner = src.remove_lines(decl)
    at = src.line_start(p.node.start_byte)
    return Site((Edit(at, at, outer), inner), decl.start_point[0] + 1,
                f"moved the declaration of {', '.join(names)} before the parallel region at line {p.line}")


def widen_bound(src: OmpSource) -> Iterator[Site]:
    """Off-by-one into a neighbour's slice: `i < hi` -> `i <= hi` on a per-thread/per-block inner loop that writes
    element i, or `a[i] = f(a[i])` -> `a[i + 1] = ...` in a worksharing loop."""
    omp_loops = src.loop_pragma_loops()
    seen = set()
    for p in src.pragmas:
        region = src.body(p)
        if region is None or not (p.has("parallel") or p.is_loop or p.kind == "task"):
            continue
        inside = declared_names(src, region)
        for f in walk(region):
            if f.type != "for_statement" or f in seen:
                continue
            seen.add(f)
            if src.serialized(f):
                continue
            site = _shift_index(src, f) if f in omp_loops else _widen_condition(src, f, inside)
            if site is not None:
                yield site


def _widen_condition(src: OmpSource, loop, private_names: set[str]) -> Site | None:
    cond = loop.child_by_field_name("condition")
    if cond is None or cond.type != "binary_expression":
        return None
    op, left, right = (cond.child_by_field_name(k) for k in ("operator", "left", "right"))
    if op is None or src.text(op) != "<" or left is None or left.type != "identifier" or right is None \
            or right.type == "number_literal":
        return None
    var, bound = src.text(left), src.text(right)
    per_slice = bool(identifier_names(src, right) & private_names)  # hi/end computed per thread or block
    row_major = re.compile(r"\*\s*\(?\s*" + re.escape(bound) + r"\b|\b" + re.escape(bound) + r"\s*\)?\s*\*")
    body = loop.child_by_field_name("body")
    for n in walk(body) if body is not None else ():
        if n.type == "assignment_expression" or n.type == "update_expression":
            target = n.child_by_field_name("left" if n.type == "assignment_expression" else "argument")
            base = base_identifier(target)
            if target is None or target.type != "subscript_expression" or base is None or _atomic(src, n):
                continue
            index = _index(target)
            # one past the slice end lands in a neighbour's slice: a per-slice bound, or the next row of a
            # row-major array (`a[i * n + j]` with `j <= n`)
            into_neighbour = per_slice or row_major.search(src.text(index))
            if src.text(base) not in private_names and var in identifier_names(src, index) and into_neighbour:
                return Site((Edit(op.start_byte, op.end_byte, "<="),), loop.start_point[0] + 1,
                            f"widened `{src.text(cond)}` to `{var} <= {src.text(right)}` (writes {src.text(base)})")
    return None


def _atomic(src: OmpSource, expr) -> bool:
    stmt = expr.parent
    return stmt is not None and any(p.kind == "atomic" for p in src.pragmas_of(stmt))


def _index(sub):
    idx = sub.child_by_field_name("index") or sub.child_by_field_name("indices")
    if idx is not None and idx.type == "subscript_argument_list" and idx.named_children:
        idx = idx.named_children[0]
    return idx if idx is not None else sub


def _shift_index(src: OmpSource, loop) -> Site | None:
    var = loop_variable(src, loop)
    body = loop.child_by_field_name("body")
    if var is None or body is None:
        return None
    subs = [n for n in walk(body) if n.type == "subscript_expression" and src.text(_index(n)).strip() == var]
    for n in walk(body):
        if n.type != "assignment_expression" or src.text(n.child_by_field_name("operator") or n)[:1] != "=":
            continue
        left = n.child_by_field_name("left")
        if left not in subs:
            continue
        base = src.text(left.child_by_field_name("argument"))
        if any(s != left and src.text(s.child_by_field_name("argument")) == base for s in subs):
            idx = _index(left)
            return Site((Edit(idx.start_byte, idx.end_byte, f"{var} + 1"),), n.start_point[0] + 1,
                        f"wrote {base}[{var} + 1] instead of {base}[{var}] (reaches the next iteration's element)")
    return None


