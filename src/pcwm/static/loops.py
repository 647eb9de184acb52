"""Loop shapes for the static walk: counter bounds (row-major delinearisation), strides, blocked ranges."""

from __future__ import annotations

import re
from dataclasses import replace

from pcwm.problems.omp_source import walk
from pcwm.static import forms
from pcwm.static.memory import indices
from pcwm.static.model_types import Var

_EARLY_EXIT = re.compile(r"\b(break|return|goto|longjmp|exit)\b")


class LoopsMixin:
    """Part of pcwm.static.walker.Walker."""

    def uniform_trips(self, node, name: str) -> bool:
        """Whether every thread of the team runs this sequential loop the same number of times: `for (c = S; c < E;
        c += K)` where S, E, K read only the counter, constants and variables every thread sees alike (shared, or a
        firstprivate copy of one), no call, the counter not written in the body, and no early exit."""
        if node.type != "for_statement" or not name:
            return False
        body = node.child_by_field_name("body")
        if body is not None and _EARLY_EXIT.search(self.text(body)) or self.counter_written(node, name):
            return False
        for part in (node.child_by_field_name(f) for f in ("initializer", "condition", "update")):
            for n in walk(part) if part is not None else ():
                if n.type == "call_expression":
                    return False
                if n.type != "identifier" or self.text(n) == name:
                    continue
                var = self.lookup(self.text(n))
                if var is None:
                    if self.text(n) not in self.macros:
                        return False
                elif var.kind == "private" and var.form != forms.sym(var.name) \
                        and forms.constant_of(var.form) is None:
                    return False
        return True

    def note_low(self, var: Var, loop) -> None:
        """A counter of `for (c = S; ...; c++)` (or += K > 0), not written in its body: at least S."""
        var.low = None
        parts = self.parts_of(loop)
        if parts is None:
            return
        init, _, update = parts
        up = update is not None and (update.type == "update_expression" and "++" in self.text(update)
                                     or update.type == "assignment_expression"
                                     and self.text(update.child_by_field_name("operator")) == "+="
                                     and (forms.constant_of(self.form(update.child_by_field_name("right"))) or 0) > 0)
        if init is not None and up and not self.counter_written(loop, var.name):
            var.low = self.least(init)

    def parts_of(self, loop) -> tuple | None:
        """loop_parts, once per loop node (the note_* rules each ask for them)."""
        key = loop.id
        if key not in self.parts_cache:
            self.parts_cache[key] = loop_parts(loop)
        return self.parts_cache[key]

    def counter_written(self, node, name: str) -> bool:
        """Whether a loop's body writes its counter (`name =`, `name +=`, `name++`, `&name`)."""
        body = node.child_by_field_name("body")
        return body is not None and self.src.written_in(name, body)

    def note_chunk(self, var: Var, loop) -> None:
        """`for (i = lo; i < hi; ...)` with lo = E(t) and hi = E(t + 1) for the thread number t (the balanced
        partition n*t/T .. n*(t+1)/T, E nondecreasing in t): each thread runs over its own chunk, so i is written
        as thread * width + offset below width, like a block whose width is a fresh symbol."""
        parts = self.parts_of(loop)
        if parts is None:
            return
        init, cond, _ = parts
        test = self.test_of(cond)
        if init is None or test is None or var.form != forms.sym("?" + var.name) or test[:2] != ("<", var.name) \
                or self.counter_written(loop, var.name):
            return
        low, high = self._value_text(init), self._value_text(test[2])
        threads = {n for n in re.findall(r"[A-Za-z_]\w*", low) if (v := self.lookup(n)) is not None
                   and v.kind == "private" and self.form_of_name(n) == forms.sym(forms.TID)}
        if "omp_get_thread_num()" in low:
            threads.add("omp_get_thread_num()")
        for t in threads:
            shifted = re.sub(rf"(?<![\w.]){re.escape(t)}(?![\w(])" if t[-1] != ")" else re.escape(t), f"({t}+1)", low)
            if shifted != low and shifted == high:
                width = f"chunk@{self.new_id()}"
                var.form = {f"{width}*{forms.TID}": 1, "?" + var.name: 1}
                self.bounds["?" + var.name] = width
                self.room["?" + var.name] = (0, 0)
                return

    def note_segment(self, var: Var, loop) -> None:
        """`for (p = X[e]; p < X[e + 1]; p++)` over an offsets array X that this function does not write (a CSR row
        pointer): assuming X is nondecreasing, as offsets arrays are, the segments of different e are disjoint, so
        p is written as e * width + offset below width (width a symbol named after X). An assumption about data,
        not a consequence of the program text: a decreasing X would hide a race."""
        parts = self.parts_of(loop)
        if parts is None:
            return
        init, cond, update = parts
        test = self.test_of(cond)
        if init is None or init.type != "subscript_expression" or test is None or test[:2] != ("<", var.name) \
                or test[2].type != "subscript_expression" or var.form != forms.sym("?" + var.name) \
                or update is None or update.type != "update_expression" or "++" not in self.text(update) \
                or self.counter_written(loop, var.name):
            return
        base, end = init.child_by_field_name("argument"), test[2].child_by_field_name("argument")
        if base is None or end is None or base.type != "identifier" or self.text(base) != self.text(end) \
                or self.elements_written(self.text(base), loop):
            return
        first, last = indices(init), indices(test[2])
        e = self.form(first[0]) if len(first) == 1 else None
        if len(last) != 1 or e is None or forms.add(self.form(last[0]), e, -1) != forms.const(1):
            return
        width = f"seg@{self.text(base)}"
        var.form = forms.add(forms.mul(e, forms.sym(width)), forms.sym("?" + var.name))
        self.bounds["?" + var.name] = width
        self.room["?" + var.name] = (0, 0)

    def elements_written(self, name: str, node) -> bool:
        """Whether the function around `node` writes an element of array `name` (by text: `name[...] =`, `+=`,
        `++`, `--`, `&name[...]`)."""
        fn = node
        while fn is not None and fn.type != "function_definition":
            fn = fn.parent
        n = re.escape(name)
        return re.search(rf"\b{n}\s*\[[^\]]*\]\s*([-+*/%&|^]?=(?!=)|\+\+|--)|(\+\+|--|&)\s*{n}\s*\[",
                         self.text(fn if fn is not None else node)) is not None

    def _value_text(self, node) -> str:
        """An expression's text without blanks; a private scalar still holding its initialiser gives that."""
        while node is not None and node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node is not None and node.type == "identifier" and (v := self.lookup(self.text(node))) is not None \
                and v.init is not None:
            node = v.init
        return "".join(self.text(node).split()) if node is not None else ""

    def form_of_name(self, name: str) -> dict | None:
        var = self.lookup(name)
        if var is not None and var.init is not None:
            return self.form(var.init)
        return var.form if var is not None else None

    def note_range(self, var: Var, loop, symbol: str | None = None) -> None:
        """For an increasing counter `for (j = L; j < H; j++)` (or <=, += K > 0) not written in its body, with
        the plain form ?j (or, for a work-shared loop's variable, j): L <= j < H as forms (`triangle`, `spans`)."""
        symbol = symbol or "?" + var.name
        self.ranges.pop(symbol, None)
        parts = self.parts_of(loop)
        if parts is None:
            return
        init, cond, update = parts
        test = self.test_of(cond)
        if var.form != forms.sym(symbol) or init is None or test is None or update is None or test[1] != var.name:
            return
        op = test[0]
        step = 1 if update.type == "update_expression" and "++" in self.text(update) else None
        if update.type == "assignment_expression" and self.text(update.child_by_field_name("operator")) == "+=":
            step = forms.constant_of(self.form(update.child_by_field_name("right")))
        if op not in ("<", "<=") or not step or step < 1:
            return
        low = self.form(init)
        high = self.form(test[2]) if not forms.is_free(low) else None
        if forms.is_free(low) or forms.is_free(high) or self.counter_written(loop, var.name):
            return
        self.ranges[symbol] = (low, forms.add(high, forms.const(1)) if op == "<=" else high)

    def spans(self, dims: list) -> tuple:
        """(symbol, low, high) of each ranged counter an access's indices use."""
        used = {f for d in dims if d for k in d for f in forms.factors(k)}
        return tuple((k, *self.ranges[k]) for k in sorted(used & self.ranges.keys()))

    def triangle(self, dims: list) -> str | None:
        """For a two-dimensional access [r, c]: "lt" when always r < c, "gt" when r > c, "eq" when r == c, from
        the counters' ranges; None when unknown."""
        if len(dims) != 2 or dims[0] is None or dims[1] is None:
            return None
        d = forms.add(dims[0], dims[1], -1)
        if d == forms.const(0):
            return "eq"
        top, bottom = self._extreme(d, 1), self._extreme(d, -1)
        if top is not None and top <= -1:
            return "lt"
        if bottom is not None and bottom >= 1:
            return "gt"
        return None

    def _extreme(self, d: dict, sign: int) -> int | None:
        return forms.extreme(d, self.ranges, sign)

    def leave_barriered_loop(self) -> None:
        """After a sequential loop with a barrier inside that every thread runs alike: the code after it runs
        concurrently with the loop's last part (after its last barrier) only, not with its first part, which the
        loop's phases joined for the wrap-around. So the code after it gets a new phase, shared with copies of the
        last part's accesses."""
        now = self.find(self.phase)
        tail = [a for a in self.accesses[self.phase_mark:] if a.region == self.ctx.region and self.find(a.phase) == now]
        self.phase = self.new_phase()
        self.phase_mark = len(self.accesses)
        self.accesses.extend(replace(a, phase=self.phase) for a in tail)

    def stride_form(self, name: str, loop) -> dict:
        """The counter of `for (v = C; ...; v += S)` as `C + S*k` over trip numbers k (the symbol v stands for k),
        so counters of stride S only take values C mod S; other loops give the plain symbol."""
        init, update = loop.child_by_field_name("initializer"), loop.child_by_field_name("update")
        if init is not None and init.type == "declaration":
            d = init.child_by_field_name("declarator")
            init = d.child_by_field_name("value") if d is not None and d.type == "init_declarator" else None
        elif init is not None and init.type == "assignment_expression":
            init = init.child_by_field_name("right")
        start = forms.constant_of(self.form(init)) if init is not None else None
        step = None
        if update is not None and update.type == "update_expression":
            step = 1 if "++" in self.text(update) else -1
        elif update is not None and update.type == "assignment_expression" \
                and self.text(update.child_by_field_name("operator")) == "+=":
            step = forms.constant_of(self.form(update.child_by_field_name("right")))
        if start is None or not step or step < 1:
            return forms.sym(name)
        return {name: step, "": start}

    def note_block(self, var: Var, loop) -> None:
        """`for (i = L; i < U; ...)` (or `i <= U`) with U - L one symbol or a positive constant H (U may be a min:
        `A < B ? A : B`, nested, where any operand bounds i): i is L plus an unknown offset below H, so blocks (tiles)
        of different L stay apart."""
        parts = self.parts_of(loop)
        if parts is None:
            return
        init, cond, _ = parts
        low = self.form(init) if init is not None else None
        test = self.test_of(cond)
        if low is None or forms.is_free(low) or forms.constant_of(low) is not None or test is None \
                or test[1] != var.name:
            return
        op, bound = test[0], None
        for upper in self.uppers_of(test[2]):
            width = forms.add(forms.add(upper, low, -1), forms.const(1 if op == "<=" else 0))
            c = forms.constant_of(width)
            syms = [k for k, v in (width or {}).items() if k and v]
            if c is not None and c > 0:
                bound = str(c)
            elif width is not None and len(syms) == 1 and width[syms[0]] == 1 and not width.get("", 0) \
                    and "*" not in syms[0] and "?" not in syms[0]:
                bound = syms[0]
            if bound is not None:
                break
        if bound is None:
            return
        var.form = forms.add(low, forms.sym("?" + var.name))
        self.bounds["?" + var.name] = bound
        self.room["?" + var.name] = (0, 0)

    def uppers_of(self, node) -> list:
        """Forms that bound an upper bound from above: for a min (`A < B ? A : B`, nested) each of its operands,
        A's side first; else what upper_of gives."""
        while node is not None and node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node is not None and node.type == "conditional_expression" and self.min_operand(node) is not None:
            a, b = node.child_by_field_name("consequence"), node.child_by_field_name("alternative")
            return self.uppers_of(a) + self.uppers_of(b)
        return [self.upper_of(node)]

    def upper_of(self, node) -> dict | None:
        """An upper bound's form: `A < B ? A : B` (min) gives A; a variable initialised that way gives its A."""
        if node is None:
            return None
        if node.type == "conditional_expression":
            a = self.min_operand(node)
            return self.form(a) if a is not None else None
        if node.type == "identifier" and (var := self.lookup(self.text(node))) is not None and var.upper:
            return self.form(var.upper)  # evaluated here, where e.g. a task's captured counter has its own form
        return self.form(node)

    def min_operand(self, node):
        """A for `A < B ? A : B` (or <=), else None."""
        c = node.child_by_field_name("condition")
        c = c.named_children[0] if c is not None and c.type == "parenthesized_expression" else c
        a, alt = node.child_by_field_name("consequence"), node.child_by_field_name("alternative")
        if c is not None and c.type == "binary_expression" and a is not None and alt is not None \
                and self.text(c.child_by_field_name("operator")) in ("<", "<=") \
                and self._same(c.child_by_field_name("left"), a) and self._same(c.child_by_field_name("right"), alt):
            return a
        return None

    def _same(self, a, b) -> bool:
        """The same expression up to white space and enclosing parentheses."""
        a, b = _unparen(a), _unparen(b)
        if a is None or b is None or a.type != b.type:
            return False
        return "".join(self.text(a).split()) == "".join(self.text(b).split())

    def note_bound(self, name: str, loop, key: str | None = None) -> None:
        """Records H for `for (name = c; name < H; ...)` (or `H > name`), c >= 0 and H one symbol or a constant."""
        init, cond = loop.child_by_field_name("initializer"), loop.child_by_field_name("condition")
        start = None
        if init is not None and init.type == "declaration":
            d = init.child_by_field_name("declarator")
            start = d.child_by_field_name("value") if d is not None and d.type == "init_declarator" else None
        elif init is not None and init.type == "assignment_expression":
            start = init.child_by_field_name("right")
        first = forms.constant_of(self.form(start)) if start is not None else None
        if first is None and start is not None:
            first = self.least(start)  # e.g. 1 + (i & 1): at least 1
        if first is None or first < 0 or cond is None or cond.type != "binary_expression":
            return
        test = self.test_of(cond)
        if test is None or test[:2] != ("<", name):
            return
        hi = self.form(test[2])
        if hi is None:
            return
        c = forms.constant_of(hi)
        syms = [k for k, v in hi.items() if k and v]
        if c is not None and c > 0:
            self.bounds[key or "?" + name] = str(c)
            self.room[key or "?" + name] = (first, 0)
        elif len(syms) == 1 and hi[syms[0]] == 1 and hi.get("", 0) <= 0 and "*" not in syms[0] and "?" not in syms[0]:
            self.bounds[key or "?" + name] = syms[0]
            self.room[key or "?" + name] = (first, hi.get("", 0))

    def test_of(self, cond) -> tuple | None:
        """A loop test `v < B` / `v <= B`, also written `B > v` / `B >= v`: (op, text of v, node B)."""
        if cond is None or cond.type != "binary_expression":
            return None
        op = cond.child_by_field_name("operator").type  # an operator token's type is its text
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if op in (">", ">="):
            op, left, right = "<" if op == ">" else "<=", right, left
        return (op, self.text(left), right) if op in ("<", "<=") and left is not None else None

    def least(self, node) -> int | None:
        """A lower bound of an integer expression made of constants, sums and `x & K` (between 0 and K)."""
        while node is not None and node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node is None:
            return None
        c = forms.constant_of(self.form(node))
        if c is not None:
            return c
        if node.type == "identifier" and (var := self.lookup(self.text(node))) is not None:
            if var.init is not None:
                return self.least(var.init)  # a private scalar still holding its declared value
            if var.low is not None:
                return var.low  # the counter of an increasing loop we are in
            key = var.name if self.ctx is not None and var.name in self.ctx.ivars else "?" + var.name
            if var.loop_counter and key in self.room and self.bounds.get(key) is not None:
                return self.room[key][0]  # a loop counter: its loop's start
        if node.type == "binary_expression":
            op = self.text(node.child_by_field_name("operator"))
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op == "&":
                mask = forms.constant_of(self.form(right))
                return 0 if mask is not None and mask >= 0 else None
            if op == "+":
                a, b = self.least(left), self.least(right)
                return a + b if a is not None and b is not None else None
        return None


def loop_parts(loop) -> tuple | None:
    """(initial value, condition, update) of a `for` loop whose initializer declares or assigns its counter; None
    for any other initializer. The initial value is None when the declaration has no initializer."""
    init, cond, update = (loop.child_by_field_name(f) for f in ("initializer", "condition", "update"))
    if init is not None and init.type == "declaration":
        d = init.child_by_field_name("declarator")
        init = d.child_by_field_name("value") if d is not None and d.type == "init_declarator" else None
    elif init is not None and init.type == "assignment_expression":
        init = init.child_by_field_name("right")
    else:
        return None
    return init, cond, update


def _unparen(node):
    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node
