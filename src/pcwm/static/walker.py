"""The walk that collects shared-memory accesses of parallel constructs, with their execution context.

Statements are visited in source order, so the walk knows, at each access: the parallel region, the barrier phase
(a union-find id: a loop containing a barrier joins its last and first phase), the work-sharing context and the
variables that tell its threads apart, the locks held (critical names, omp locks, ordered), whether it is atomic,
the enclosing tasks, and a sequence number for task ordering. Directives are handled in `constructs.py`.
Functions defined in the file and called inside a region are walked in place (depth 3, no recursion), with
pointer parameters bound to what the caller passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pcwm.problems.omp_source import declarator_identifier, loop_variable, walk
from pcwm.static import forms
from pcwm.static.declarators import function_name_node, is_array, is_pointerish, loaded_rows
from pcwm.static.exprs import ExpressionsMixin
from pcwm.static.loops import LoopsMixin
from pcwm.static.memory import MemoryMixin
from pcwm.static.model_types import Access, TaskInfo, Var
from pcwm.static.parity import ParityMixin
from pcwm.static.sync import after_spin_loop

FOREIGN_THREADS = re.compile(r"\b(pthread_create|std::thread|std::async|thrd_create)\b")
_FOREIGN_WORDS = ("pthread_create", "std::thread", "std::async", "thrd_create")  # substring tests before the regex


class Undecided(Exception):
    """The program uses something the model does not reason about."""


@dataclass(frozen=True)
class Ctx:
    region: int
    ws: tuple
    ivars: frozenset
    atomic: bool = False
    tasks: tuple = ()
    flow: tuple = ()
    crit: frozenset = frozenset()
    safelen: int | None = None
    sched: str | None = None
    league: bool = False  # inside a teams construct
    simd: tuple | None = None  # (id, lane variables) of a simd loop run by the thread of the enclosing context


class Walker(ExpressionsMixin, MemoryMixin, LoopsMixin, ParityMixin):
    def __init__(self, src):
        self.src = src
        self.text = src.text  # the source's own method: one call less on the walk's most frequent call
        self.ids = 0
        self.uf: list[int] = []
        self.phase = self.new_phase()
        self.locks: set[str] = set()
        self.seq = 0
        self.scopes: list[dict[str, Var]] = [{}]
        self.ctx: Ctx | None = None
        self.accesses: list[Access] = []
        self.sync_events: list[tuple] = []  # releases and acquires of atomic flags (sync.py)
        self.atomic_reads: list[tuple] = []
        self.flushes: list[tuple] = []
        self.flow_parent: dict[tuple, tuple] = {}
        self.phase_mark = 0  # index of the first access recorded in the current barrier phase
        self.recorded: set[tuple] = set()  # what identifies an access for the pairing (the pairing needs each once)
        self.tasks: dict[int, TaskInfo] = {}
        self.taskwaits: list[tuple[tuple, int]] = []
        self.group_ends: dict[int, int] = {}
        self.groups: tuple = ()
        self.seq_loops: list[str] = []
        self.regions = 0
        self.functions = {}
        self.call_stack: list[str] = []
        self.threadprivate: set[str] = set()
        self.region_bodies: list = []
        self.loop_forms: dict[str, dict] = {}
        self.ivar_forms: dict[str, dict] = {}  # iteration variable -> its form over trip numbers (strided loops)
        self.bounds: dict[str, str] = {}  # "?j" -> H for an inner counter j running over [0, H)
        self.ranges: dict[str, tuple] = {}  # "?j" -> (L, H) forms: L <= j < H (loops.note_range)
        self.room: dict[str, tuple] = {}  # "?j" -> (L, U) when j runs over [L, H + U) (forms.delinearize)
        self.read_leaves: dict[int, list | bool] = {}  # operator expression -> the names it reads (reads.py)
        self.read_plans: dict[bytes, tuple | None] = {}
        self.parts_cache: dict[int, tuple | None] = {}  # loop node id -> loops.loop_parts

    # ---- ids and phases --------------------------------------------------------------------------------------------
    def new_id(self) -> int:
        self.ids += 1
        return self.ids

    def new_phase(self) -> int:
        self.uf.append(len(self.uf))
        return len(self.uf) - 1

    def find(self, p: int) -> int:
        while self.uf[p] != p:
            self.uf[p] = self.uf[self.uf[p]]
            p = self.uf[p]
        return p

    def union(self, a: int, b: int) -> None:
        self.uf[self.find(a)] = self.find(b)

    def barrier(self) -> None:
        if self.ctx is not None:
            self.phase = self.new_phase()
            self.phase_mark = len(self.accesses)

    # ---- scopes ----------------------------------------------------------------------------------------------------
    def lookup(self, name: str) -> Var | None:
        """The variable a name denotes here; under default(private|firstprivate) a private copy of an outer one."""
        default_scope = None
        for scope in reversed(self.scopes):
            if not scope:  # most scopes of a loop nest are empty
                continue
            var = scope.get(name)  # scopes hold Var objects only
            if var is not None:
                if default_scope is not None and var.kind != "private":
                    copy = Var(name, "private", pointer=var.pointer, array=var.array, form=forms.sym(name),
                               target=var.target if var.pointer else None)
                    default_scope[name] = copy
                    return copy
                return var
            if default_scope is None and "\0default" in scope:
                default_scope = scope
        return None

    def declare(self, name: str, **kw) -> Var:
        kind = "private" if self.ctx is not None else "shared"
        if name in self.threadprivate:
            kind = "private"
        var = Var(name, kw.pop("kind", kind), **kw)
        self.scopes[-1][name] = var
        return var

    def text(self, node) -> str:
        return self.src.text(node)

    # ---- entry -----------------------------------------------------------------------------------------------------
    def run(self) -> None:
        root = self.src.root
        source = self.src.source
        if any(w in source for w in _FOREIGN_WORDS) and FOREIGN_THREADS.search(source):
            raise Undecided("threads created outside OpenMP (pthreads / std::thread)")
        for n in root.named_children:
            if n.type == "function_definition":
                fd = function_name_node(n)
                ident = fd.child_by_field_name("declarator") if fd is not None else None
                if ident is not None and ident.type in ("identifier", "field_identifier", "qualified_identifier"):
                    self.functions[self.text(ident)] = n
        self.macros = self.src.number_macros()
        for p in self.src.pragmas:
            if p.has("threadprivate") and p.clauses == () and p.node is not None:
                self.threadprivate.update(re.findall(r"[A-Za-z_]\w*", self.text(p.node).split("threadprivate", 1)[1]))
        self.top_level(root)

    def top_level(self, node) -> None:
        for n in node.named_children:
            if n.type == "function_definition":
                self.function(n, inline=False)
            elif n.type == "declaration":
                self.declaration(n)
            elif n.type in ("linkage_specification", "namespace_definition", "declaration_list", "preproc_ifdef",
                            "preproc_if", "preproc_else", "template_declaration", "class_specifier",
                            "struct_specifier"):
                self.top_level(n)
            elif n.type == "preproc_call":
                self.pragma_statement(n, None)

    def function(self, fn, inline: bool, args: list | None = None) -> None:
        decl = function_name_node(fn)
        self.scopes.append({})
        params = decl.child_by_field_name("parameters") if decl is not None else None
        plist = [p for p in (params.named_children if params is not None else ())
                 if p.type in ("parameter_declaration", "optional_parameter_declaration")]
        for k, p in enumerate(plist):
            d = p.child_by_field_name("declarator")
            ident = declarator_identifier(d)
            if ident is None:
                continue
            pointer = is_pointerish(d)
            var = self.declare(self.text(ident), pointer=pointer, loaded_rows=loaded_rows(d))
            if inline:
                var.kind = "private"
                arg = args[k] if args and k < len(args) else None
                if arg is not None:
                    if pointer:
                        var.target = self.target_of(arg)
                    else:
                        var.form = self.form(arg)
        body = fn.child_by_field_name("body")
        if body is not None:
            self.statement(body)
        self.scopes.pop()

    # ---- statements ------------------------------------------------------------------------------------------------
    def statement(self, node) -> None:
        t = node.type
        if t == "compound_statement":
            self.scopes.append({})
            self.block(node.named_children)
            self.scopes.pop()
        elif t == "declaration":
            self.declaration(node)
        elif t == "for_statement" or t == "for_range_loop":
            self.for_loop(node)
        elif t in ("while_statement", "do_statement"):
            start, first, reads, flushes = self.phase, len(self.accesses), len(self.atomic_reads), len(self.flushes)
            self.expr(node.child_by_field_name("condition"))
            self.seq_loops.append("")
            self.statement_or_none(node.child_by_field_name("body"))
            self.seq_loops.pop()
            self.union(start, self.phase)
            after_spin_loop(self, first, reads, flushes)
        elif t == "if_statement":
            self.if_statement(node)
        elif t == "preproc_call":
            self.pragma_statement(node, None)
        elif t in ("expression_statement", "return_statement"):
            for c in node.named_children:
                self.expr(c)
        elif t in ("comment", "break_statement", "continue_statement", "goto_statement", "type_definition",
                   "struct_specifier", "preproc_def", "preproc_include", "preproc_function_def"):
            return
        elif t == "ERROR" and self.ctx is not None:
            raise Undecided(f"unparseable code at line {node.start_point[0] + 1}")
        else:
            self.block(node.named_children)

    def statement_or_none(self, node) -> None:
        if node is not None:
            self.statement(node)

    def block(self, children) -> None:
        """Statements in order; a `#pragma omp` construct takes the statement after it as its body."""
        from pcwm.static.constructs import construct

        children = list(children)
        k = 0
        while k < len(children):
            n = children[k]
            p = self.omp_pragma(n)
            if p is not None and not p.standalone:
                chain = [p]
                k += 1
                while k < len(children) and (q := self.omp_pragma(children[k])) is not None and not q.standalone:
                    chain.append(q)
                    k += 1
                body = children[k] if k < len(children) else None
                construct(self, chain, body)
            elif p is not None:
                self.pragma_statement(n, p)
            elif n.type in ("expression", "parenthesized_expression", "comma_expression") or n.type.endswith(
                    "_expression"):
                self.expr(n)
            else:
                self.statement(n)
            k += 1

    def omp_pragma(self, node):
        if node.type != "preproc_call":
            return None
        return self.src.by_node.get(node.id)

    def pragma_statement(self, node, p) -> None:
        from pcwm.static.constructs import standalone

        p = p or self.omp_pragma(node)
        if p is not None:
            standalone(self, p)

    def declaration(self, node) -> None:
        storage = {self.text(c) for c in node.children if c.type == "storage_class_specifier"}
        for d in node.children_by_field_name("declarator"):
            ident = declarator_identifier(d)
            if ident is None:
                if d.type == "function_declarator":
                    continue
                self.expr(d)
                continue
            value = d.child_by_field_name("value") if d.type == "init_declarator" else None
            if value is not None:
                self.expr(value)
            inner = d.child_by_field_name("declarator") if d.type == "init_declarator" else d
            kind = "shared" if "static" in storage or self.ctx is None else "private"
            name = self.text(ident)
            if name in self.threadprivate:
                kind = "private"
            var = self.declare(name, kind=kind, pointer=is_pointerish(inner), array=is_array(inner),
                               loaded_rows=loaded_rows(inner))
            if inner is not None and inner.type == "reference_declarator" and value is not None:
                var.target = self.target_of(value, reference=True)
            elif value is not None and var.pointer:
                var.target = self.target_of(value)
            elif value is not None and value.type != "initializer_list":
                var.form = self.form(value)
                if value.type == "conditional_expression":
                    var.upper = self.min_operand(value)
                if var.kind == "private":
                    var.init = value
                if var.form is not None and not forms.is_free(var.form) \
                        and var.kind != "private" and len(var.form) <= 4 and not self.src.assigned(name):
                    var.constant = var.form  # never assigned again: its value, e.g. nn = n * n
                if var.kind != "private" and "static" not in storage:
                    self.access(var.key, name, (), True, d)
            for c in walk(d):
                if c.type == "array_declarator" and (size := c.child_by_field_name("size")) is not None:
                    self.expr(size)

    def for_loop(self, node) -> None:
        self.scopes.append({})
        init = node.child_by_field_name("initializer")
        if node.type == "for_range_loop":
            self.expr(node.child_by_field_name("right"))
            ident = declarator_identifier(node.child_by_field_name("declarator"))
            name = self.text(ident) if ident is not None else ""
            if name:
                self.declare(name)
        else:
            if init is not None:
                (self.declaration if init.type == "declaration" else self.expr)(init)
            name = loop_variable(self.src, node) or ""
        var = self.lookup(name) if name else None
        if var is not None:
            var.init = None  # a counter: its value changes from trip to trip
            if node.type == "for_statement":
                self.note_low(var, node)
            if self.ctx is None and node.type == "for_statement" and var.kind != "private":
                self.note_bound(name, node, key=name)  # k < n while a region inside the loop runs
        if var is not None and self.ctx is not None:
            if var.kind == "private" and name not in self.ctx.ivars:
                var.form = forms.sym("?" + name)
                self.note_bound(name, node)
                self.note_block(var, node)
                self.note_chunk(var, node)
                self.note_segment(var, node)
                var.parity = None
                if not self.counter_written(node, name):
                    self.note_parity(var, node)
                self.note_range(var, node)
            var.loop_counter = True
        self.expr(node.child_by_field_name("condition"))
        if name and node.type == "for_statement":
            self.loop_forms[name] = self.stride_form(name, node)  # what a task created in the body captures
        start = self.phase
        spin = node.type == "for_statement" and init is None and node.child_by_field_name("update") is None
        marks = (len(self.accesses), len(self.atomic_reads), len(self.flushes))
        sequential = self.ctx is None or name not in self.ctx.ivars  # a work-shared loop runs one trip per thread
        if sequential:
            self.seq_loops.append(name)
        self.statement_or_none(node.child_by_field_name("body"))
        if sequential:
            self.seq_loops.pop()
        self.expr(node.child_by_field_name("update"))
        if var is not None and self.ctx is not None and var.kind == "private" and name not in self.ctx.ivars:
            var.form = forms.sym("?" + name)
            var.parity = None
            self.ranges.pop("?" + name, None)
        if var is not None:
            var.low = None
            if self.ctx is None and var.kind != "private":
                self.bounds.pop(name, None)
        barriered = self.find(start) != self.find(self.phase)
        self.union(start, self.phase)
        if spin:  # for (;;) / for (; cond;): a spin-wait like a while loop
            after_spin_loop(self, *marks)
        if sequential and barriered and self.ctx is not None and self.uniform_trips(node, name):
            self.leave_barriered_loop()
        self.scopes.pop()

    def if_statement(self, node) -> None:
        from pcwm.static.constructs import guarded

        cond = node.child_by_field_name("condition")
        cons, alt = node.child_by_field_name("consequence"), node.child_by_field_name("alternative")
        lock = self.test_lock(cond)
        self.expr(cond)
        who = self.thread_guard(cond)
        if lock is not None:
            self.locks.add(lock)
        if who is not None and self.ctx is not None:
            guarded(self, who, lambda: self.statement_or_none(cons))
        else:
            self.statement_or_none(cons)
        if lock is not None:
            self.locks.discard(lock)
        self.statement_or_none(alt)

    def ctx_with(self, **kw) -> Ctx:
        flow = kw.get("flow")
        if flow is not None and flow != self.ctx.flow and flow[0] != "task":
            self.flow_parent.setdefault(flow, self.ctx.flow)  # its thread ran the enclosing flow up to here
        return Ctx(**{**self.ctx.__dict__, **kw})  # dataclasses.replace, without its per-call field checks
