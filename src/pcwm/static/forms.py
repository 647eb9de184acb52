"""Affine index forms and the cross-thread address test of the static race model.

An index expression becomes a linear form `{symbol: coefficient, "": constant}` when it is affine in the
variables it uses; anything else (an array element, a call, a product of variables) is `None`, "unknown".
Symbols: a program variable's name (loop-invariant, the same in every thread), an iteration variable of the
construct that spreads work over threads (`ivars`), `tid()` for omp_get_thread_num(), and `?name` for a
private variable whose value differs between threads in a way we do not track (an inner loop's counter, a value
read from memory): two forms with a `?` symbol may always be equal.
"""

from __future__ import annotations

from math import gcd

Form = dict  # symbol -> int coefficient; "" is the constant term
TID = "tid()"


def const(c: int) -> Form:
    return {"": c}


def sym(name: str) -> Form:
    return {name: 1}


def add(a: Form | None, b: Form | None, sign: int = 1) -> Form | None:
    if a is None or b is None:
        return None
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + sign * v
    return {k: v for k, v in out.items() if v or k == ""}


def scale(a: Form | None, c: int) -> Form | None:
    return None if a is None else {k: v * c for k, v in a.items() if v * c or k == ""}


def constant_of(a: Form | None) -> int | None:
    """The value of a form with no symbols, else None."""
    if a is None or any(k for k, v in a.items() if k and v):
        return None
    return a.get("", 0)


def is_free(a: Form | None) -> bool:
    return a is None or any(k.startswith("?") for k in a)


def _ivar_part(a: Form, ivars: frozenset) -> dict:
    return {k: v for k, v in a.items() if k in ivars and v}


def _rest(a: Form, ivars: frozenset) -> dict:
    return {k: v for k, v in a.items() if k not in ivars and (v or k == "")}


def may_overlap(dims_a: list, dims_b: list, ivars: frozenset, same_context: bool) -> bool:
    """Whether two accesses (index forms per dimension) can touch one address from two different threads.

    `same_context`: both run in the same work-sharing context, where threads differ by the values of `ivars`
    (a loop's iteration variables, or tid() for code every thread runs); then a dimension equal in both forms pins
    the ivars it uses, and accesses whose dimensions pin every ivar are separated between threads. Otherwise the
    threads are unrelated and only dimensions that are provably different constants keep the accesses apart.
    """
    if len(dims_a) != len(dims_b):
        return True
    pinned: set[str] = set()
    for da, db in zip(dims_a, dims_b, strict=True):
        if is_free(da) or is_free(db):
            continue
        diff = add(da, db, -1)
        if not same_context:
            c = constant_of(diff)
            if c and not _ivar_part(da, ivars) and not _ivar_part(db, ivars):
                return False
            continue
        ia, ib = _ivar_part(da, ivars), _ivar_part(db, ivars)
        if ia != ib:
            continue
        rest = _rest(diff, ivars)
        c = constant_of(rest)
        if c == 0:
            pinned.update(ia)
        elif c is not None:
            step = 0
            for v in ia.values():
                step = gcd(step, abs(v))
            if not ia or c % step:
                return False  # e.g. a[0] vs a[1], or a[2*i] vs a[2*i+1]
    return not (same_context and ivars and ivars <= pinned)


def min_distance(dims_a: list, dims_b: list, ivars: frozenset) -> int | None:
    """For a SIMD safelen test: the constant iteration distance between two one-ivar accesses, if known."""
    if len(dims_a) != 1 or len(dims_b) != 1 or is_free(dims_a[0]) or is_free(dims_b[0]):
        return None
    ia, ib = _ivar_part(dims_a[0], ivars), _ivar_part(dims_b[0], ivars)
    if ia != ib or len(ia) != 1:
        return None
    c = constant_of(_rest(add(dims_a[0], dims_b[0], -1), ivars))
    step = abs(next(iter(ia.values())))
    return None if c is None or c % step else abs(c) // step
