"""What a C/C++ declarator says about the variable it declares (for the static walk)."""

from __future__ import annotations


def function_name_node(fn):
    d = fn.child_by_field_name("declarator")
    while d is not None and d.type != "function_declarator":
        d = d.child_by_field_name("declarator")
    return d


def is_pointerish(d) -> bool:
    while d is not None:
        if d.type in ("pointer_declarator", "array_declarator"):
            return True
        if d.type == "identifier":
            return False
        d = d.child_by_field_name("declarator")
    return False


def loaded_rows(d) -> bool:
    """Whether indexing the declared variable twice goes through a pointer read from memory (`double *u[2]`,
    `double **a`), where rows may alias; not for `double g[4][8]` or `double (*g)[8]`."""
    kinds = []  # type constructors from the outermost declarator inwards
    while d is not None and d.type != "identifier":
        if d.type in ("pointer_declarator", "array_declarator"):
            kinds.append(d.type)
        d = d.child_by_field_name("declarator") or next(
            (c for c in d.named_children if c.type.endswith("declarator")), None)
    return "pointer_declarator" in kinds[:-1]  # the innermost one applies to the variable itself


def is_array(d) -> bool:
    while d is not None:
        if d.type == "array_declarator":
            return True
        if d.type in ("identifier", "pointer_declarator"):
            return False
        d = d.child_by_field_name("declarator")
    return False
