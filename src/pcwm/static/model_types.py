"""Records the static race model collects: variables, accesses, tasks, and the verdict it returns."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

_uid = itertools.count(1)
_ITEM = re.compile(r"^\s*[*&(]*\s*([A-Za-z_]\w*)")


@dataclass(eq=False)
class Var:
    """A declared variable as seen from one scope.

    kind: "shared" (one copy for the team), "private" (one per thread or task) or "thread" (a thread's private
    variable that a task names in shared(...), so that thread and its tasks share it). `form` is the affine value
    of a private scalar when known; `target` is where a pointer or reference points: (storage key, offset form)."""

    name: str
    kind: str
    pointer: bool = False
    array: bool = False
    form: dict | None = None
    target: tuple | None = None
    loop_counter: bool = False
    constant: dict | None = None  # the value form of a shared scalar never assigned after its declaration
    upper: object = None  # for v = (A < B ? A : B): the node A, an upper bound of v
    parity: dict | None = None  # its value mod 2 as a form (a counter stepping by 2 keeps its start's parity)
    init: object = None  # a private scalar's initialiser node while it is not assigned again
    low: int | None = None  # a counter of an increasing loop, while in it: its least value
    loaded_rows: bool = False  # a[i][j] reads the row pointer a[i] from memory (double **a, double *a[4])
    uid: int = field(default_factory=lambda: next(_uid))

    @property
    def key(self) -> tuple | None:
        if self.kind == "private":
            return None
        return ("T" if self.kind == "thread" else "S", self.uid, self.name)

    def pointee(self) -> tuple | None:
        """(key, offset form) of the memory this pointer points to; None when that memory is private."""
        if self.target is not None:
            return self.target
        if self.kind == "private":
            return None
        return (("P", self.uid, self.name), {"": 0})


@dataclass(slots=True)
class Access:
    """One read or write of shared memory inside a parallel construct, with the context it runs in.

    Not modified once recorded (derived copies go through dataclasses.replace); not frozen because a frozen
    dataclass sets each of its 20 fields through object.__setattr__, a cost paid for every access of a program."""

    key: tuple
    var: str
    dims: tuple
    write: bool
    line: int
    region: int
    phase: int
    ws: tuple  # ("rep", id) | ("loop", id) | ("once", id, who) | ("section", id, index)
    ivars: frozenset
    locks: frozenset
    atomic: bool
    tasks: tuple  # enclosing task ids, outermost first
    flow: tuple  # the context whose thread executes it (ws key, or ("task", id))
    seq: int
    safelen: int | None = None
    sched: str | None = None  # static schedule signature of its work-sharing loop (same => same thread per index)
    simd: tuple | None = None  # (id, lane variables) of the simd loop it is in, inside its thread's context
    parity: tuple | None = None  # each index's value mod 2 as a form (None where unknown), see parity.py
    tri: str | None = None  # for [r, c]: "lt" (always r < c), "gt", "eq" or None (loops.triangle)
    spans: tuple = ()  # (symbol, low, high) of the ranged counters its indices use (loops.spans)


@dataclass
class TaskInfo:
    id: int
    flow: tuple
    seq: int
    phase: int
    line: int
    depend: list = field(default_factory=list)  # (kind, item text)
    ivars: frozenset | None = None  # None: one instance; else the variables telling instances apart
    groups: tuple = ()


@dataclass
class Race:
    type: str
    lines: tuple[int, int]
    var: str
    rule: str
    why: str


@dataclass
class Verdict:
    """What the static model concludes: races (empty = no race), or `undecided` with the reason."""

    races: list[Race] = field(default_factory=list)
    undecided: str | None = None
    regions: int = 0
    accesses: int = 0
    notes: list[str] = field(default_factory=list)


def item_name(text: str) -> str | None:
    """The variable a clause item names: `a` for a, a[0:n], *p, (a)."""
    m = _ITEM.match(text)
    return m.group(1) if m else None
