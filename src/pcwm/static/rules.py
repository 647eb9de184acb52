"""Pairs of accesses that may happen in parallel on one address: the race rules of the static model.

Two accesses race when they touch the same storage, at least one writes, they are not both atomic, they hold no
common lock, and they may happen in parallel (MHP): same parallel region and barrier phase, and either different
threads of one work-sharing context whose addresses can coincide across iterations/threads, or two contexts not
ordered by a barrier, or a task not ordered with the other access by taskwait, taskgroup or depend; a release /
acquire handshake on an atomic flag (sync.py) orders two threads' accesses too.
Each pair is named by the rule that let it race (`RULES`), which the model reports.
"""

from __future__ import annotations

from pcwm.static import forms
from pcwm.static.model_types import Access, Race, TaskInfo
from pcwm.static.parity import parities_apart
from pcwm.static.sync import handshake

RULES = {
    "shared-scalar-in-loop": "a shared variable is written in a work-sharing loop: every iteration writes it",
    "loop-carried-offset": "array elements written in one iteration are accessed by another (index offset)",
    "loop-invariant-index": "every iteration accesses the same element (index not depending on the loop variable)",
    "indirect-index": "an index read from memory or otherwise unknown may repeat across iterations",
    "team-shared-write": "code every thread runs writes a shared variable",
    "no-barrier-between": "two constructs of one region touch the same memory with no barrier between them",
    "task-vs-creator": "a task and its creating code touch the same memory without taskwait/taskgroup/depend",
    "task-vs-task": "two tasks touch the same memory without depend, taskwait or taskgroup ordering them",
    "task-instances": "instances of one task (created in a loop or by every thread) touch the same memory",
    "atomic-vs-plain": "an atomic access and a plain access to the same memory",
}


def conflicts(accesses: list[Access], tasks: dict[int, TaskInfo], taskwaits, group_ends, find,
              sync: tuple | None = None) -> list[Race]:
    """Races between the accesses (at most a few line pairs per storage location), each with its rule."""
    by_key: dict[tuple, list[Access]] = {}
    for a in accesses:  # each distinct access once (the walker drops repeats)
        by_key.setdefault(a.key, []).append(a)
    changing: dict[tuple, set] = {}  # (region, phase) -> names of shared scalars written in it
    for a in accesses:
        if a.write and not a.dims and len(a.key) == 3:
            changing.setdefault((a.region, find(a.phase)), set()).add(a.key[2])
    races: list[Race] = []
    for group in by_key.values():
        if not any(a.write for a in group):
            continue
        found: dict[tuple[int, int], Race] = {}
        writes = [k for k, a in enumerate(group) if a.write]
        for i in writes:
            a = group[i]
            for j, b in enumerate(group):
                if (b.write and j < i) or (a.atomic and b.atomic) or a.locks & b.locks:
                    continue
                rule = _mhp(a, b, tasks, taskwaits, group_ends, find, sync, changing)
                if rule is None:
                    continue
                if (a.atomic or b.atomic) and rule in ("team-shared-write", "shared-scalar-in-loop"):
                    rule = "atomic-vs-plain"
                lines = (min(a.line, b.line), max(a.line, b.line))
                kind = "write/write race" if b.write else "read/write race"
                if lines not in found or (kind == "write/write race" and found[lines].type != kind):
                    found[lines] = Race(kind, (a.line, b.line), a.var, rule, RULES[rule])
            if len(found) >= 3:
                break
        races.extend(_pick(found))
    races.sort(key=lambda r: (min(r.lines), max(r.lines)))
    return races


def _pick(found: dict) -> list[Race]:
    """Up to three line pairs per location: a read/write pair first (what TSan usually reports), then others."""
    ordered = sorted(found.values(), key=lambda r: (r.type != "read/write race", min(r.lines), max(r.lines)))
    return ordered[:3]


def _mhp(a: Access, b: Access, tasks, taskwaits, group_ends, find, sync, changing) -> str | None:
    if a.region != b.region or find(a.phase) != find(b.phase):
        return None
    common = 0
    while common < min(len(a.tasks), len(b.tasks)) and a.tasks[common] == b.tasks[common]:
        common += 1
    ta = a.tasks[common] if len(a.tasks) > common else None
    tb = b.tasks[common] if len(b.tasks) > common else None
    if ta is None and tb is None:
        if common:
            return _task_instances(a, b, tasks[a.tasks[common - 1]])
        if a.key[0] == "T" or (sync and sync[0] and handshake(a, b, sync)):
            return None
        return _threads(a, b, changing.get((a.region, find(a.phase)), set()))
    if ta is not None and tb is not None:
        return _siblings(a, b, tasks[ta], tasks[tb], taskwaits, group_ends, tasks)
    task, other = (tasks[ta], b) if ta is not None else (tasks[tb], a)
    if _ordered_after_creation(task, other, taskwaits, group_ends):
        return None
    if a.key[0] == "T" and other.flow != task.flow:
        return None
    return "task-vs-creator" if forms_may_meet(a, b) else None


def _threads(a: Access, b: Access, changing: set) -> str | None:
    """Two accesses outside tasks: threads of one work-sharing context, or two contexts in one phase."""
    if parities_apart(a, b, changing) or _triangles_apart(a, b) or _ranges_apart(a, b, changing):
        return None
    if a.ws == b.ws:
        kind = a.ws[0]
        if kind in ("once", "section"):
            return None
        if a.simd != b.simd:  # one thread runs both lane sets: only the context's own variables tell threads apart
            dims_a, dims_b, ivars = _outside_lanes(a), _outside_lanes(b), (a.ivars | b.ivars) - _lanes(a) - _lanes(b)
            if not forms.may_overlap(dims_a, dims_b, ivars, True):
                return None
            return _loop_rule(a, b)
        if not forms.may_overlap(list(a.dims), list(b.dims), a.ivars, True):
            return None
        if a.safelen is not None:
            d = forms.min_distance(list(a.dims), list(b.dims), a.ivars)
            if d is not None and d >= a.safelen:
                return None
        return _loop_rule(a, b)
    if a.ws[0] == "once" and b.ws[0] == "once" and a.ws[2] == b.ws[2] and a.ws[2] != "any":
        return None  # both run on the same thread (master / masked / thread-number guards)
    if a.ws[0] == "section" and b.ws[0] == "section" and a.ws[:2] == b.ws[:2] and a.ws == b.ws:
        return None
    if a.sched is not None and a.sched == b.sched and a.dims and _same_iteration(a, b):
        return None
    if not forms.may_overlap(list(a.dims), list(b.dims), a.ivars | b.ivars, False):
        return None
    return "no-barrier-between"


def _triangles_apart(a: Access, b: Access) -> bool:
    """One access always above the diagonal (row < column), the other on or below it: never the same element."""
    return {a.tri, b.tri} in ({"lt", "gt"}, {"lt", "eq"}, {"gt", "eq"})


def _ranges_apart(a: Access, b: Access, changing: set) -> bool:
    """In some dimension the two indices differ by at least one whatever values the ranged counters take (e.g.
    row i of `for (i = k + 1; ...)` against row k). The other access's iteration and private symbols are other
    instances: they are renamed (x'), each with its own range; a shared variable written in this phase is no
    constant."""
    if not (a.spans or b.spans) or len(a.dims) != len(b.dims):
        return False
    ranges = {s: (low, high) for s, low, high in a.spans}
    ranges.update({s + "'": (_other(low, b), _other(high, b)) for s, low, high in b.spans})
    for da, db in zip(a.dims, b.dims, strict=True):
        if da is None or db is None:
            continue
        d = forms.add(da, _other(db, b), -1)
        if any(forms.factors(k) & changing for k in d):
            continue
        top, bottom = forms.extreme(d, ranges, 1), forms.extreme(d, ranges, -1)
        if top is not None and top <= -1 or bottom is not None and bottom >= 1:
            return True
    return False


def _other(f: dict, b: Access) -> dict:
    """b's form with its instance symbols (iteration variables, thread number, private unknowns) primed."""
    moving = b.ivars | {forms.TID}
    return {"*".join(x + "'" if x in moving or x.startswith(("?", "#")) else x for x in k.split("*")) if k else k: v
            for k, v in f.items()}


def _lanes(a: Access) -> frozenset:
    return a.simd[1] if a.simd is not None else frozenset()


def _outside_lanes(a: Access) -> list:
    """The index forms with the simd lane variables made unknown (`?j`): another loop's j is another value."""
    lanes = _lanes(a)
    return [d if d is None or not lanes & {f for k in d for f in forms.factors(k)}
            else {("?" + k if forms.factors(k) & lanes else k): v for k, v in d.items()} for d in a.dims]


def _same_iteration(a: Access, b: Access) -> bool:
    """Both index the same element by their own loop variable (renamed to one name), all dims equal."""
    (va,), (vb,) = a.ivars - {forms.TID}, b.ivars - {forms.TID}
    if len(a.dims) != len(b.dims):
        return False
    pinned = False
    for da, db in zip(a.dims, b.dims, strict=True):
        if forms.is_free(da) or forms.is_free(db):
            return False
        ra = {k.replace(va, "@") if k == va else k: v for k, v in da.items()}
        rb = {k.replace(vb, "@") if k == vb else k: v for k, v in db.items()}
        if ra != rb:
            return False
        pinned |= "@" in ra
    return pinned


def _loop_rule(a: Access, b: Access) -> str:
    if a.ws[0] == "rep":
        return "team-shared-write"
    if not a.dims:
        return "shared-scalar-in-loop"
    if any(d is None or any(k.startswith("?u") for k in d) for d in (*a.dims, *b.dims)):
        return "indirect-index"  # an index read from memory (or not affine)
    uses_ivar = any(d and any(forms.factors(k) & a.ivars for k in d) for d in (*a.dims, *b.dims))
    return "loop-carried-offset" if uses_ivar else "loop-invariant-index"


def forms_may_meet(a: Access, b: Access) -> bool:
    return forms.may_overlap(list(a.dims), list(b.dims), a.ivars | b.ivars, False)


def _task_instances(a: Access, b: Access, task: TaskInfo) -> str | None:
    if task.ivars is None:
        return None
    if any(k in ("out", "inout") and not (set(_words(item)) & task.ivars) for k, item in task.depend):
        return None  # every instance depends on the same item: they run one after another
    if not forms.may_overlap(list(a.dims), list(b.dims), task.ivars, True):
        return None
    return "task-instances"


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[A-Za-z_]\w*", text)


def _ordered_after_creation(task: TaskInfo, other: Access, taskwaits, group_ends) -> bool:
    if other.flow != task.flow:
        return False
    if other.seq < task.seq:
        return task.flow[0] in ("once", "section", "task")
    if any(flow == task.flow and task.seq < s < other.seq and _waits_for(items, task) for flow, s, items in taskwaits):
        return True
    return any(group_ends.get(g, 10**12) < other.seq for g in task.groups)


def _siblings(a: Access, b: Access, ta: TaskInfo, tb: TaskInfo, taskwaits, group_ends, tasks) -> str | None:
    if ta.flow == tb.flow:
        first, second = (ta, tb) if ta.seq < tb.seq else (tb, ta)
        if any(flow == first.flow and first.seq < s < second.seq and _waits_for(items, first)
               for flow, s, items in taskwaits):
            return None
        if any(group_ends.get(g, 10**12) < second.seq for g in first.groups):
            return None
        if _ordered_by_deps(first, second, tasks):
            return None
    elif a.key[0] == "T":
        return None
    return "task-vs-task" if forms_may_meet(a, b) else None


def _conflict(k1: str, k2: str) -> bool:
    """Whether two depend kinds on one item order the tasks (in/in and inoutset/inoutset do not; two
    mutexinoutset tasks exclude each other instead, see the mutex lock)."""
    return not (k1 == k2 and k1 in ("in", "inoutset", "mutexinoutset"))


def _direct(first_items: list, second_items: list) -> bool:
    return any(i1 == i2 and _conflict(k1, k2) for k1, i1 in first_items for k2, i2 in second_items)


def _waits_for(items, task: TaskInfo) -> bool:
    """A taskwait without depend waits for every child; with depend(...) only for tasks it conflicts with."""
    return items is None or _direct(task.depend, items)


def _ordered_by_deps(first: TaskInfo, second: TaskInfo, tasks: dict) -> bool:
    """A chain of dependences between sibling tasks created in order first ... second."""
    between = sorted((t for t in tasks.values() if t.flow == first.flow and first.seq < t.seq <= second.seq),
                     key=lambda t: t.seq)
    reached = [first]
    for t in between:
        if any(_direct(r.depend, t.depend) for r in reached):
            if t is second:
                return True
            reached.append(t)
    return False
