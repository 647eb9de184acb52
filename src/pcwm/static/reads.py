"""The variables an operator expression reads, without visiting its nodes one by one in Python.

Generated code (tiled loop nests) has loop bounds of thousands of nodes, nested min/max written with `?:`, that
only read a few scalars. An expression made of operators, parentheses, casts, integer literals and names (no call,
no assignment, no element or field access, no dereference) reads each name it holds, and reading one name twice
on one line records the same access; so it is enough to visit each (name, line) once, in source order.

`operator_reads` first tries the text (C only): a character class and a few patterns rule out everything but
names, numbers and operators; a `*` or `&` after `)` is asked of the tree (cast-and-dereference or product); each
distinct word's first occurrence on a line is looked up in the tree (an identifier is read; a type keyword, NULL,
true, false are not; anything else sends the expression to the walk). Otherwise it walks the nodes in Python.
Both give the same list.
"""

from __future__ import annotations

import re

PURE_INNER = frozenset({"binary_expression", "parenthesized_expression", "conditional_expression",
                        "unary_expression", "cast_expression"})
NO_READS = frozenset({"number_literal", "char_literal", "string_literal", "sizeof_expression", "type_descriptor",
                      "true", "false", "null"})
_CHARS = re.compile(rb"[A-Za-z0-9_\s+\-*/%<>=!&|^~?:()]*")
# assignment or update, member access, a scope, a call or a keyword with parentheses
_REJECT = re.compile(rb"(?<![=<>!])=(?!=)|<<=|>>=|\+\+|--|->|::|[A-Za-z0-9_]\s*\(")
_UNARY = re.compile(rb"(?:^|[^\w\s)])\s*[*&]")  # `*` / `&` after an operator or `(`: dereference, address-of
# `(T) *p` casts a dereference when the parentheses hold only words (a type); `(n - 1) * 16` is a product
_AFTER_PAREN = re.compile(rb"\(\s*[A-Za-z_][\w\s*]*\)\s*[*&]")
_WORD = re.compile(rb"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*")
_NOT_READ = frozenset({"primitive_type", "sized_type_specifier", "type_qualifier", "null", "true", "false"})


def operator_reads(src, node, cache: dict, plans: dict) -> list | bool:
    """The identifier nodes an operator expression reads, the first per (name, line) in source order, or False when
    it holds something else (a call, an assignment, an element access ...). `cache` holds earlier answers by node,
    `plans` what the text says (`_plan`) by text: generated code repeats the same bound many times."""
    if src.language == "c" and not node.has_error:
        found = _scanned(src, node, plans)
        if found is not None:
            return found
    return _walked_leaves(node, cache)


def _scanned(src, node, plans: dict) -> list | None:
    text = src.data[node.start_byte:node.end_byte]
    plan = plans[text] if text in plans else plans.setdefault(text, _plan(text))
    if plan is None:
        return None
    parens, words = plan
    start = node.start_byte
    for k in parens:
        tok = node.descendant_for_byte_range(start + k, start + k + 1)  # inside node: no walk down from the root
        up = tok.parent if tok is not None else None  # (tree-sitter finds a parent by a walk from the root)
        if up is None or up.type != "binary_expression":
            return None  # a cast applied to a dereference or an address
    out = []
    for a, b in words:
        leaf = node.descendant_for_byte_range(start + a, start + b)
        kind = leaf.type if leaf is not None else None
        if kind == "identifier" and leaf.start_byte == start + a and leaf.end_byte == start + b \
                and (up := leaf.parent) is not None and up.type in PURE_INNER:
            out.append(leaf)
        elif kind is None or kind not in _NOT_READ:
            return None
    return out


def _plan(text: bytes) -> tuple | None:
    """What the text alone says of an expression: None when it is not made of names, numbers and operators; else
    the offsets of `*` / `&` after `(words)` (product, or cast then dereference: the tree decides) and the range of
    each word's first occurrence on each line."""
    if not _CHARS.fullmatch(text) or _REJECT.search(text):
        return None
    logic = text.replace(b"&&", b"||")  # `&&` is never an address-of
    if _UNARY.search(logic):
        return None
    parens = tuple(m.end() - 1 for m in _AFTER_PAREN.finditer(logic))
    words, offset = [], 0
    for seg in text.split(b"\n"):
        seen = set()
        for m in _WORD.finditer(seg):  # a word's first match is its first whole-word occurrence on the line
            if m.group() not in seen:
                seen.add(m.group())
                words.append((offset + m.start(), offset + m.end()))
        offset += len(seg) + 1
    return parens, tuple(words)


def _walked_leaves(node, cache: dict) -> list | bool:
    """operator_reads by a walk; on a node of another kind, every operator node between it and `node` is marked
    False in `cache`, so walking down this expression visits each node once."""
    out, seen, stack = [], set(), [node]
    while stack:
        n = stack.pop()
        t = n.type
        if t == "identifier":
            key = (n.text, n.start_point[0])
            if key not in seen:
                seen.add(key)
                out.append(n)
        elif t in PURE_INNER:
            stack.extend(reversed(n.named_children))
        elif t not in NO_READS:
            p = n.parent
            while p is not None and p.id != node.id:
                cache[p.id] = False
                p = p.parent
            return False
    return out
