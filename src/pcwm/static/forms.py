"""Affine index forms and the cross-thread address test of the static race model.

An index expression becomes a linear form `{symbol: coefficient, "": constant}` when it is affine in the
variables it uses; anything else (an array element, a call, a product of variables) is `None`, "unknown".
Symbols: a program variable's name (loop-invariant, the same in every thread), an iteration variable of the
construct that spreads work over threads (`ivars`), `tid()` for omp_get_thread_num(), and `?name` for a
private variable whose value differs between threads in a way we do not track (an inner loop's counter, a value
read from memory): two forms with a `?` symbol may always be equal.
"""

from __future__ import annotations

import functools
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


def mul(a: Form | None, b: Form | None) -> Form | None:
    """Product of two forms; symbolic products become monomials `i*n` (row-major indices like a[i*n + j])."""
    if a is None or b is None or len(a) * len(b) > 16:
        return None
    out: Form = {"": 0}
    for ka, va in a.items():
        for kb, vb in b.items():
            key = _monomial(ka, kb)
            out[key] = out.get(key, 0) + va * vb
    return {k: v for k, v in out.items() if v or k == ""}


@functools.lru_cache(maxsize=4096)
def _monomial(ka: str, kb: str) -> str:
    """The key of the product of two monomial keys: their factors, sorted, joined by `*` ("" is the constant)."""
    return "*".join(sorted((ka.split("*") if ka else []) + (kb.split("*") if kb else [])))


def factors(key: str) -> set[str]:
    return set(key.split("*")) if key else set()


def delinearize(dims: list, bounds: dict, ivars: frozenset, room: dict | None = None) -> list:
    """Splits a row-major index `r*H + c` into two dimensions [r, c] when c stays within [0, H).

    H is the one symbol multiplying an iteration variable (a[i*n + j]) or the constant bound of an inner counter
    (pos[3*i + d], d < 3); c is within the row when it is an inner counter running over [0, H) (`bounds`), a
    constant >= 0, or H minus a positive constant. `room` gives, for a counter over [L, H + U) (L >= 0, U <= 0), the
    pair (L, U): then the counter plus a constant c stays in the row when L + c >= 0 and U + c <= 0 (a[i*n + j - 1]
    for j from 1 to n - 1). A counter below another counter below H is below H too (b < a < n)."""
    out = []
    for d in dims:
        parts = _split(d, bounds, ivars, room) if d is not None else [d]
        while len(parts) > 1 and parts[0] is not None:  # z*(n*n) + y*n + x: split the row part again
            again = _split(parts[0], bounds, ivars, room)
            if len(again) == 1:
                break
            parts = again + parts[1:]
        out.extend(parts)
    return out


def _row_width(d: Form, bounds: dict, ivars: frozenset) -> str | None:
    cands = {f for k in d if "*" in k for f in k.split("*")
             if f not in ivars and "?" not in f and "#" not in f and f != TID}
    if len(cands) == 1:
        return cands.pop()
    widths = {bounds[k] for k in d if k in bounds and bounds[k].isdigit()}
    return widths.pop() if len(widths) == 1 else None


def _split(d: Form, bounds: dict, ivars: frozenset, room: dict | None = None) -> list:
    h = _row_width(d, bounds, ivars)
    if h is not None:
        return _split_at(d, h, bounds, ivars, room)
    cands = sorted({f for k in d if "*" in k for f in k.split("*")
                    if f not in ivars and "?" not in f and "#" not in f and f != TID})
    for h in cands if len(cands) > 1 else ():  # k*n + j with j < n: the width is the one bounding the column
        parts = _split_at(d, h, bounds, ivars, room, column_bounded=True)
        if len(parts) > 1:
            return parts
    return [d]


def _split_at(d: Form, h: str, bounds: dict, ivars: frozenset, room: dict | None,
              column_bounded: bool = False) -> list:
    q: Form = {"": 0}
    r: Form = {}
    for k, v in d.items():
        fs = k.split("*") if k else []
        if h.isdigit():
            if k and v % int(h) == 0 and (factors(k) & ivars or "?" in k):
                q[k] = q.get(k, 0) + v // int(h)
            else:
                r[k] = v
        elif h in fs:
            fs.remove(h)
            q["*".join(fs)] = q.get("*".join(fs), 0) + v
        else:
            r[k] = v
    c = r.pop("", 0)
    terms = [k for k, v in r.items() if v]
    if len(q) == 1 and not q.get("", 0):
        return [d]
    if terms:
        ok = len(terms) == 1 and r[terms[0]] == 1 and (
            bounds.get(terms[0]) == h and _fits(terms[0], c, room)
            or bounds.get(bounds.get(terms[0], "")) == h and (room or {}).get(terms[0], (0, 0))[0] + c >= 0 >= c)
        if not ok and any(TID in factors(k) for k in q):
            ok = all("?" in k for k in terms)  # a thread's own slice (base + tid*H): an unknown column in it
            return [q, {terms[0]: 1, "": 0} if len(terms) == 1 else None] if ok else [d]
        return [q, {terms[0]: 1, "": c}] if ok else [d]
    if column_bounded:
        return [d]
    if h.isdigit():
        return [q, {"": c}] if 0 <= c < int(h) else [d]
    if c >= 0:
        return [q, {"": c}]
    q[""] = q.get("", 0) - 1  # r*H - k is row r-1, column H - k
    return [q, {h: 1, "": c}]


def _fits(counter: str, c: int, room: dict | None) -> bool:
    if c == 0:
        return True
    low, high = (room or {}).get(counter, (0, 0))
    return low + c >= 0 and high + c <= 0


def constant_of(a: Form | None) -> int | None:
    """The value of a form with no symbols, else None."""
    if a is None:
        return None
    for k, v in a.items():  # a plain loop: called for every index and bound
        if k and v:
            return None
    return a.get("", 0)


def is_free(a: Form | None) -> bool:
    return a is None or any("?" in k for k in a)


def _ivar_part(a: Form, ivars: frozenset) -> dict:
    return {k: v for k, v in a.items() if v and factors(k) & ivars}


def _rest(a: Form, ivars: frozenset) -> dict:
    return {k: v for k, v in a.items() if not factors(k) & ivars and (v or k == "")}


def may_overlap(dims_a: list, dims_b: list, ivars: frozenset, same_context: bool) -> bool:
    """Whether two accesses (index forms per dimension) can touch one address from two different threads.

    `same_context`: both run in the same work-sharing context, where threads differ by the values of `ivars`
    (a loop's iteration variables, or tid() for code every thread runs); then a dimension equal in both forms pins
    the ivars it uses, and accesses whose dimensions pin every ivar are separated between threads. Otherwise the
    threads are unrelated and only dimensions that are provably different constants keep the accesses apart.
    """
    if len(dims_a) != len(dims_b):
        return True
    tickets = {k for d in (*dims_a, *dims_b) if d for k in d if k.startswith("#")}
    ivars = ivars | {TID} | tickets  # two threads always differ by their thread number (and atomic tickets)
    pinned: set[str] = set()
    for da, db in zip(dims_a, dims_b, strict=True):
        if is_free(da) or is_free(db):
            continue
        diff = add(da, db, -1)
        ia, ib = _ivar_part(da, ivars), _ivar_part(db, ivars)
        if not same_context:
            c = constant_of(diff)
            if c and not ia and not ib:
                return False
            if c == 0 and ia and set(ia) == {TID}:
                return False  # the same thread-number slice: both run on one thread
            if c == 0 and any(k.startswith("#") for k in ia):
                return False  # the same atomic ticket: one execution owns it
            continue
        if ia != ib:
            continue
        rest = _rest(diff, ivars)
        c = constant_of(rest)
        if c == 0:
            pinned.update(*(factors(k) & ivars for k in ia))
        elif c is not None:
            step = 0
            for v in ia.values():
                step = gcd(step, abs(v))
            if not ia or c % step:
                return False  # e.g. a[0] vs a[1], or a[2*i] vs a[2*i+1]
    if not same_context:
        return True
    loop_vars = ivars - {TID} - tickets
    return not (TID in pinned or pinned & tickets or (loop_vars and loop_vars <= pinned))


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


def extreme(d: Form, ranges: dict, sign: int) -> int | None:
    """The largest (sign 1) or smallest (-1) value of d when each ranged symbol s runs over [low, high) (forms
    in `ranges`), if that is a constant (the other symbols cancel)."""
    out = {"": d.get("", 0)}
    for k, v in d.items():
        if not k or not v:
            continue
        if k in ranges:
            low, high = ranges[k]
            bound = add(high, const(-1)) if (v > 0) == (sign > 0) else low
            out = add(out, scale(bound, v))
        else:
            out = add(out, {k: v})
    return constant_of(out)
