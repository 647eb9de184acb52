"""Memory for the static walk: which storage an lvalue names (through pointers, references, aliases), its index
forms, and the recorded accesses."""

from __future__ import annotations

import re

from pcwm.problems.omp_source import base_identifier
from pcwm.static import forms
from pcwm.static.model_types import Access

_NO_LOCKS: frozenset = frozenset()


class MemoryMixin:
    """Part of pcwm.static.walker.Walker."""

    def target_of(self, node, reference: bool = False) -> tuple | None:
        """(storage key, offset form) that a pointer expression points to; None for private or fresh memory."""
        if node is None:
            return None
        t = node.type
        if t in ("parenthesized_expression", "cast_expression"):
            inner = node.child_by_field_name("value") or (node.named_children[-1] if node.named_children else None)
            return self.target_of(inner, reference)
        if t == "call_expression":
            if self.callee(node) in ("malloc", "calloc", "realloc", "aligned_alloc") and self.ctx is None:
                return None  # the pointer's own heap block: Var.pointee
            return ("fresh",) if self.ctx is not None else None
        if t == "identifier":
            var = self.lookup(self.text(node))
            if var is None:
                return None
            if reference:
                return var.target if var.target is not None else (var.key, None)
            if var.array or not var.pointer:
                return (var.key, forms.const(0)) if var.array else None
            return var.pointee()
        if t == "binary_expression" and self.text(node.child_by_field_name("operator")) in "+-":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            base = self.target_of(left)
            if base is not None and base[0] is not None and len(base) == 2:
                sign = -1 if self.text(node.child_by_field_name("operator")) == "-" else 1
                return (base[0], forms.add(base[1], self.form(right), sign))
            return None
        if t == "pointer_expression" and self.text(node.child_by_field_name("operator")) == "&":
            parts = self.storage(node.child_by_field_name("argument"))
            if parts is None:
                return None
            key, dims = parts
            if key is None:
                return None
            return (key, dims[-1] if dims else None) if len(dims) <= 1 else None
        if reference:
            parts = self.storage(node)
            return (parts[0], None) if parts is not None and parts[0] is not None and not parts[1] else None
        return None

    def storage(self, node) -> tuple | None:
        """(key, index forms) of the memory an lvalue names; key None for private memory; None: not a variable."""
        dims: list = []
        fields: list[str] = []
        while True:
            t = node.type if node is not None else ""
            if t == "subscript_expression":
                dims[:0] = [self.form_or_unknown(i) for i in indices(node)]
                node = node.child_by_field_name("argument")
            elif t == "field_expression":
                op = self.text(node.child_by_field_name("operator"))
                fields.insert(0, op + self.text(node.child_by_field_name("field")))
                if op == "->":
                    dims.insert(0, forms.const(0))
                node = node.child_by_field_name("argument")
            elif t == "pointer_expression" and self.text(node.child_by_field_name("operator")) == "*":
                arg = strip_parens(node.child_by_field_name("argument"))
                if arg is not None and arg.type == "binary_expression" and self.text(
                        arg.child_by_field_name("operator")) in "+-":
                    sign = -1 if self.text(arg.child_by_field_name("operator")) == "-" else 1
                    dims.insert(0, forms.scale(self.form(arg.child_by_field_name("right")), sign))
                    node = arg.child_by_field_name("left")
                else:
                    dims.insert(0, forms.const(0))
                    node = arg
            elif t in ("parenthesized_expression", "cast_expression"):
                node = node.child_by_field_name("value") or (node.named_children[-1] if node.named_children
                                                             else None)
            elif t in ("identifier", "qualified_identifier", "this"):
                break
            else:
                return None
        name = self.text(node)
        var = self.lookup(name)
        if var is None:
            return None
        if var.target is not None and var.target[0] is None:
            return None
        if not dims:
            if var.target is not None and not var.pointer:  # a C++ reference
                key = var.target[0]
                return (None if key in (None, "fresh") else key + tuple(fields), [])
            return (var.key + tuple(fields) if var.key else None, [])
        if var.array and var.target is None:
            base, offset = var.key, None
        else:
            pointee = var.pointee()
            if pointee is None or pointee[0] == "fresh":
                return (None, dims)
            base, offset = pointee
        if base is None:
            return (None, dims)
        if offset is not None and dims:
            dims[0] = forms.add(dims[0], offset)
        return (base + tuple(fields), dims)

    def lvalue(self, node, write: bool, read: bool, whole: bool = False) -> None:
        if node is None:
            return
        self.index_reads(node)
        if node.type == "pointer_expression":
            arg = strip_parens(node.child_by_field_name("argument"))
            if arg is not None and arg.type == "binary_expression":
                self.expr(arg.child_by_field_name("right"))
        parts = self.storage(node)
        if parts is None or parts[0] is None or self.ctx is None:
            return
        key, dims = parts
        parity = tri = None
        spans = ()
        if not whole and dims and (len(dims) == 1 or self.plain_array(node)):
            # not through an array of pointers (u[p][i] with double *u[2]): rows there may alias
            dims = forms.delinearize(dims, self.bounds, self.ctx.ivars, self.room)
            parity = tuple(self.parity_of_form(d) for d in dims)
            tri = self.triangle(dims)
            spans = self.spans(dims)
        elif not whole:
            dims = forms.delinearize(dims, self.bounds, self.ctx.ivars, self.room)
        else:
            dims = [None]
        name = display(self.text(node))
        if write:
            self.access(key, name, tuple(dims), True, node, parity, tri, spans)
        if read:
            self.access(key, name, tuple(dims), False, node, parity, tri, spans)

    def plain_array(self, node) -> bool:
        """Whether an lvalue's rows are laid out in one block (`double a[4][8]`, a parameter `double g[][8]`), not
        reached through row pointers read from memory."""
        base = base_identifier(node)
        var = self.lookup(self.text(base)) if base is not None else None
        return var is not None and not var.loaded_rows and var.target is None

    def access(self, key, name, dims, write, node, parity: tuple | None = None, tri: str | None = None,
               spans: tuple = ()) -> None:
        ctx = self.ctx
        if ctx is None or key is None:
            return
        locks = frozenset(self.locks) if self.locks else _NO_LOCKS
        if locks and any(lk.endswith("]*") for lk in locks):
            used = set(re.findall(r"[A-Za-z_]\w*", self.text(node)))
            locks = frozenset(lk for lk in locks if not lk.endswith("]*")
                              or set(lk[lk.rindex("[") + 1:-2].split(",")) <= used)
        line = node.start_point[0] + 1
        same = (key, line, write, repr(dims), ctx.ws, locks | ctx.crit, ctx.atomic, ctx.tasks, self.phase, ctx.flow)
        if same in self.recorded:
            return  # the same access again (a name read twice on one line): the pairing would drop it
        self.recorded.add(same)
        self.seq += 1
        self.accesses.append(Access(
            key=key, var=name, dims=dims, write=write, line=line, region=ctx.region,
            phase=self.phase, ws=ctx.ws, ivars=ctx.ivars, locks=locks | ctx.crit,
            atomic=ctx.atomic, tasks=ctx.tasks, flow=ctx.flow, seq=self.seq, safelen=ctx.safelen,
            sched=ctx.sched, simd=ctx.simd, parity=parity, tri=tri, spans=spans))

    def form(self, node) -> dict | None:
        if node is None:
            return None
        t = node.type
        if t == "number_literal":
            try:
                return forms.const(int(self.text(node).rstrip("uUlL"), 0))
            except ValueError:
                return None
        if t == "identifier":
            name = self.text(node)
            var = self.lookup(name)
            if var is not None and var.constant is not None:
                return var.constant
            if var is None and name in self.macros:
                return forms.const(self.macros[name])
            if var is None or var.kind != "private":
                return forms.sym(name)
            if self.ctx is not None and name in self.ctx.ivars:
                return self.ivar_forms.get(name) or forms.sym(name)
            return var.form if var.form is not None else forms.sym("?" + name)
        if t in ("parenthesized_expression", "cast_expression"):
            inner = node.child_by_field_name("value") or (node.named_children[-1] if node.named_children else None)
            return self.form(inner)
        if t == "unary_expression":
            op = node.child_by_field_name("operator").type  # an operator token's type is its text
            f = self.form(node.child_by_field_name("argument"))
            return forms.scale(f, -1) if op == "-" else f if op == "+" else None
        if t == "binary_expression":
            op = node.child_by_field_name("operator").type
            a, b = self.form(node.child_by_field_name("left")), self.form(node.child_by_field_name("right"))
            if op in ("+", "-"):  # an unknown term (a value read from memory) becomes a fresh unknown symbol
                a = a if a is not None else forms.sym(f"?u{self.new_id()}")
                b = b if b is not None else forms.sym(f"?u{self.new_id()}")
                return forms.add(a, b, 1 if op == "+" else -1)
            ca, cb = forms.constant_of(a), forms.constant_of(b)
            if op == "*":
                return forms.mul(a, b)
            if ca is None or cb is None or cb <= 0 or cb > 64:
                return None
            if op == "/":
                return forms.const(int(ca / cb))  # C division truncates toward zero
            if op == "%":
                return forms.const(ca - cb * int(ca / cb))
            return forms.const(ca << cb) if op == "<<" else None
        if t == "call_expression":
            name = self.callee(node)
            if name == "omp_get_thread_num":
                return forms.sym(forms.TID)
            if name == "omp_get_team_num":
                return forms.sym("team()")
            self.call(node)
        return None

    def form_or_unknown(self, node) -> dict:
        """The index form, or a fresh unknown symbol (so an enclosing base + offset keeps its known part)."""
        f = self.form(node)
        return f if f is not None else forms.sym(f"?u{self.new_id()}")


def indices(node) -> list:
    idx = node.child_by_field_name("index")
    if idx is not None:
        return [idx]
    lst = node.child_by_field_name("indices")
    return [c for c in lst.named_children if c.type != "comment"] if lst is not None else []


def strip_parens(node):
    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def display(text: str) -> str:
    return "".join(text.split())[:40]  # str.split's white space is re's \s
