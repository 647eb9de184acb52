"""Expressions for the static walk: assignments, updates, calls (omp locks, inlined functions) and rebinding of
private scalars and pointers to their new affine value or target."""

from __future__ import annotations

import re

from pcwm.problems.omp_source import walk
from pcwm.static import forms
from pcwm.static.memory import indices
from pcwm.static.reads import PURE_INNER, operator_reads

LOCK_SET = ("omp_set_lock", "omp_set_nest_lock")
LOCK_UNSET = ("omp_unset_lock", "omp_unset_nest_lock")
LOCK_TEST = ("omp_test_lock", "omp_test_nest_lock")
WRITING_CALLS = {"memset": 0, "memcpy": 0, "memmove": 0, "strcpy": 0, "strcat": 0, "sprintf": 0}
MAX_INLINE_DEPTH = 3


class ExpressionsMixin:
    """Part of pcwm.static.walker.Walker."""

    def expr(self, node) -> None:
        if node is None:
            return
        t = node.type
        if t == "assignment_expression":
            op = node.child_by_field_name("operator").type  # an operator token's type is its text
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            self.expr(right)
            self.lvalue(left, True, op != "=")
            delta = self.form(right) if op in ("+=", "-=") else None
            self.rebind(left, right if op == "=" else None, forms.scale(delta, -1 if op == "-=" else 1))
        elif t == "update_expression":
            arg = node.child_by_field_name("argument")
            self.lvalue(arg, True, True)
            self.rebind(arg, None, forms.const(1 if "++" in self.text(node) else -1))
        elif t == "call_expression":
            self.call(node)
        elif t in ("identifier", "subscript_expression", "field_expression", "qualified_identifier"):
            self.lvalue(node, False, True)
        elif t == "pointer_expression":
            if self.text(node.child_by_field_name("operator")) == "*":
                self.lvalue(node, False, True)
            else:
                self.index_reads(node.child_by_field_name("argument"))
        elif t in ("sizeof_expression", "string_literal", "number_literal", "char_literal", "lambda_expression",
                   "type_descriptor", "alignof_expression", "offsetof_expression"):
            return
        elif t in PURE_INNER:
            self.pure_reads(node)
        else:
            for c in node.named_children:
                self.expr(c)

    def pure_reads(self, node) -> None:
        """An operator expression: its reads in order. When it writes nothing and calls nothing, each variable name
        is read once per line (repeats record the same access), so huge generated bounds cost one visit each."""
        reads = self.read_leaves.get(node.id)
        if reads is None:
            reads = self.read_leaves[node.id] = operator_reads(self.src, node, self.read_leaves, self.read_plans)
        if reads is False:
            for c in node.named_children:
                self.expr(c)
            return
        for leaf in reads:
            name = self.text(leaf)
            var = self.lookup(name)
            if var is None or self.ctx is None:
                continue
            if var.target is not None:  # a reference or a bound pointer: the general path
                self.lvalue(leaf, False, True)
            elif var.key is not None:  # what lvalue records for a plain variable
                self.access(var.key, name[:40], (), False, leaf)

    def test_lock(self, cond) -> str | None:
        if cond is None or b"omp_test" not in self.src.data[cond.start_byte:cond.end_byte]:
            return None
        for n in walk(cond):
            if n.type == "call_expression" and self.callee(n) in LOCK_TEST:
                return self.lock_name(n)
        return None

    def thread_guard(self, cond) -> str | None:
        """'tidK' when the condition is `thread number == K` (only that thread runs the branch)."""
        node = cond
        while node is not None and node.type in ("parenthesized_expression", "condition_clause"):
            node = node.named_children[0] if node.named_children else None
        if node is None or node.type != "binary_expression" or self.text(node.child_by_field_name("operator")) != "==":
            return None
        a, b = self.form(node.child_by_field_name("left")), self.form(node.child_by_field_name("right"))
        for x, y in ((a, b), (b, a)):
            if x == forms.sym(forms.TID) or x == {forms.TID: 1, "": 0}:
                k = forms.constant_of(y)
                if k is not None:
                    return f"tid{k}"
        return None

    def index_reads(self, node) -> None:
        """Reads in the index expressions of an lvalue whose own address is taken (&a[i])."""
        while node is not None:
            if node.type == "subscript_expression":
                for idx in indices(node):
                    self.expr(idx)
                node = node.child_by_field_name("argument")
            elif node.type in ("field_expression", "parenthesized_expression"):
                node = node.child_by_field_name("argument") or (node.named_children[0] if node.named_children
                                                                else None)
            else:
                return

    def rebind(self, left, right, delta: dict | None = None) -> None:
        """After `x = right`, `x += c`, `x++`: a private scalar's affine value, a pointer's target.

        Inside a sequential loop the value changes from one trip to the next, so it becomes unknown (`?x`)."""
        if left is None or left.type != "identifier":
            return
        var = self.lookup(self.text(left))
        if var is None:
            return
        var.init = None  # its declared value no longer holds
        in_loop = self.seq_loops_in_region()
        if var.pointer:
            if right is not None:
                var.target = self.target_of(right)
                if var.target == ("fresh",) and var.kind != "private":
                    var.target = None  # a shared pointer given new memory: that memory is shared too
            elif var.target is not None and len(var.target) == 2 and var.target[1] is not None:
                moved = forms.add(var.target[1], delta) if not in_loop else None
                var.target = (var.target[0], moved if moved is not None else forms.sym("?" + var.name))
        elif var.kind == "private" and self.ctx is not None and self.text(left) not in self.ctx.ivars:
            if right is not None:
                f = self.form(right) if not in_loop else None
            else:
                f = forms.add(var.form, delta) if not in_loop else None
            var.form = f if f is not None else forms.sym("?" + var.name)

    def seq_loops_in_region(self) -> bool:
        return bool(self.seq_loops)

    def callee(self, call) -> str:
        fn = call.child_by_field_name("function")
        return self.text(fn) if fn is not None else ""

    def lock_name(self, call) -> str | None:
        args = call.child_by_field_name("arguments")
        arg = args.named_children[0] if args is not None and args.named_children else None
        if arg is None:
            return None
        target = self.target_of(arg)
        name = f"lock:{target[0]}" if target is not None else f"lock:{self.text(arg)}"
        inner = arg.child_by_field_name("argument") if arg.type == "pointer_expression" else None
        if inner is not None and inner.type == "subscript_expression":
            index = " ".join(self.text(i) for i in indices(inner))
            if forms.constant_of(self.form_or_unknown(indices(inner)[0])) is not None:
                return f"{name}[{index}]"
            # an element of a lock array picked by data: it excludes only accesses indexed by the same variables
            variables = {n for n in re.findall(r"[A-Za-z_]\w*", index)
                         if (v := self.lookup(n)) is not None and v.constant is None}  # not macros or constants
            names = ",".join(sorted(variables))
            return f"{name}[{names}]*"
        return name

    def call(self, node) -> None:
        name = self.callee(node)
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        arglist = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
        if name in LOCK_SET or name in LOCK_UNSET:
            lock = self.lock_name(node)
            if lock is not None and not (self.ctx is not None and self.ctx.league):
                (self.locks.add if name in LOCK_SET else self.locks.discard)(lock)
            return
        if fn is not None and fn.type == "field_expression":
            method = self.text(fn.child_by_field_name("field"))
            obj = fn.child_by_field_name("argument")
            if method in ("lock", "unlock") and obj is not None:
                lock = f"lock:{self.text(obj)}"
                (self.locks.add if method == "lock" else self.locks.discard)(lock)
                return
            self.lvalue(obj, method not in ("size", "at", "begin", "end", "empty", "get", "c_str"), True, whole=True)
        for a in arglist:
            self.expr(a)
        if name in WRITING_CALLS and arglist:
            self.lvalue(arglist[WRITING_CALLS[name]], True, False, whole=True)
        target = self.functions.get(name)
        if target is not None and self.ctx is not None and name not in self.call_stack \
                and len(self.call_stack) < MAX_INLINE_DEPTH:
            self.call_stack.append(name)
            saved = self.seq_loops
            self.seq_loops = list(saved)
            self.function(target, inline=True, args=arglist)
            self.seq_loops = saved
            self.call_stack.pop()
