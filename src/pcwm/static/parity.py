"""Index parity (values mod 2) for the static walk: red-black and odd/even index sets.

C semantics used: `x & 1` and `x % 2` have the parity of x (also for negative x, as a value mod 2); sums and
products by constants keep parities as forms mod 2; a counter `for (j = S; ...; j += 2K)` has the parity of S on
every trip. Two accesses whose index parities (each one's own, or the sum over its dimensions, as in a red-black
grid where row + column is even for red cells) are constants, up to loop-invariant symbols, that differ never touch
the same element, whatever iterations or threads run them, as long as no symbol in them changes meanwhile (a
shared variable written in the same barrier phase).
"""

from __future__ import annotations

from pcwm.static import forms


class ParityMixin:
    """Part of pcwm.static.walker.Walker."""

    def parity_of_form(self, f: dict | None) -> dict | None:
        """A form's value mod 2 as a form with 0/1 coefficients; None when it depends on an unknown value."""
        if f is None:
            return None
        out = {"": 0}
        for k, v in f.items():
            if v % 2 == 0:
                continue
            if k == "":
                out[""] ^= 1
            elif "*" in k or "#" in k:
                return None
            elif k.startswith("?"):
                var = self.lookup(k[1:])
                if var is None or var.parity is None or var.form != forms.sym(k):
                    return None
                for s, c in var.parity.items():
                    out[s] = out.get(s, 0) ^ c
            else:
                out[k] = out.get(k, 0) ^ 1
        return {k: v for k, v in out.items() if v or k == ""}

    def parity_of(self, node) -> dict | None:
        """The parity of an expression: its form's, or through `x & 1`, `x % 2`, sums and differences."""
        while node is not None and node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node is None:
            return None
        if node.type == "identifier" and (var := self.lookup(self.text(node))) is not None and var.init is not None \
                and var.init is not node:
            return self.parity_of(var.init)  # int j0 = 1 + (i & 1): the parity of its value
        op = self.text(node.child_by_field_name("operator")) if node.type == "binary_expression" else ""
        if op not in ("&", "%", "+", "-"):
            return self.parity_of_form(self.form(node))
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op in ("&", "%") and forms.constant_of(self.form(right)) in ((1,) if op == "&" else (2,)):
            return self.parity_of(left)
        if op in ("&", "%"):
            return None
        if op in ("+", "-"):
            a, b = self.parity_of(left), self.parity_of(right)
            if a is None or b is None:
                return None
            out = dict(a)
            for k, v in b.items():
                out[k] = out.get(k, 0) ^ v
            return {k: v for k, v in out.items() if v or k == ""}
        return None

    def note_parity(self, var, loop) -> None:
        """A private counter stepping by an even constant keeps its start's parity (None otherwise)."""
        var.parity = None
        parts = self.parts_of(loop)
        if parts is None:
            return
        init, _, update = parts
        if update is None or update.type != "assignment_expression" \
                or self.text(update.child_by_field_name("operator")) not in ("+=", "-="):
            return
        step = forms.constant_of(self.form(update.child_by_field_name("right")))
        if step is None or step % 2 or not step:
            return
        var.parity = self.parity_of(init)


def parities_apart(a, b, changing: set) -> bool:
    """Whether two accesses' index parities are constants (up to loop-invariant symbols) that differ: in one
    dimension, or summed over all dimensions. A variable written in the same barrier phase (`changing`) is not
    invariant: the two accesses may see different values of it."""
    if a.parity is None or b.parity is None or len(a.parity) != len(b.parity):
        return False
    moving = a.ivars | b.ivars | {forms.TID} | changing
    pairs = list(zip(a.parity, b.parity, strict=True))
    if all(pa is not None and pb is not None for pa, pb in pairs):
        pairs.append((_sum([pa for pa, _ in pairs]), _sum([pb for _, pb in pairs])))
    for pa, pb in pairs:
        if pa is None or pb is None or any(v and k and (k in moving or "?" in k) for k, v in (*pa.items(),
                                                                                              *pb.items())):
            continue
        diff = _sum([pa, pb])
        if diff == {"": 1}:
            return True
    return False


def _sum(parts: list) -> dict:
    out = {"": 0}
    for p in parts:
        for k, v in p.items():
            out[k] = out.get(k, 0) ^ v
    return {k: v for k, v in out.items() if v or k == ""}
