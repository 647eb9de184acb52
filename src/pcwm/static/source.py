"""The parsed program for the static model: pcwm.problems' OmpSource, with pragmas found without a tree walk.

OmpSource visits every node of the tree in Python to find `#pragma omp` lines; on large generated programs
(thousands of statements, 170,000 nodes) that alone costs hundreds of milliseconds, and even a tree-sitter query
walks the whole tree. Here the text is searched for `#pragma` / `#define` and each hit is mapped to its tree node
(`descendant_for_byte_range`, a walk down one path), so only the preprocessor lines are visited. A hit that is not
a preprocessor node of the tree (inside a string, or in code tree-sitter could not parse) is ignored, as the tree
walk would. `assigned(name)` answers "is this variable written after its declaration" by visiting the occurrences
of that one name.
"""

from __future__ import annotations

import bisect
import re

from pcwm.problems.omp_source import OmpSource, parser_for

_PRAGMA = re.compile(rb"#[ \t]*pragma\b")
_DEFINE = re.compile(rb"#[ \t]*define\b")
# `post` starts at a word's start only (a write site is an identifier node, which never starts inside a word) and
# takes the whole word: without the anchor every position of every word is tried
_WRITE_LIKE = re.compile(rb"(?:\+\+|--|&)\s*(?P<pre>[A-Za-z_]\w*)"
                         rb"|\b(?P<post>[A-Za-z_]\w*+)\s*(?:[-+*/%&|^]?=(?!=)|<<=|>>=|\+\+|--)")


class StaticSource(OmpSource):
    def __init__(self, source: str, language: str):  # noqa: D107 - same fields as OmpSource
        self.source = source
        self.language = language
        self.data = source.encode("utf-8")
        self.tree = parser_for(language).parse(self.data)
        self.root = self.tree.root_node
        nodes = self._directives(_PRAGMA, "preproc_call")
        self.pragmas = [p for n in nodes if (p := self._parse_pragma(n))]
        self.by_node = {p.node.id: p for p in self.pragmas}
        self._body_to_pragma = {}
        self._assigned: dict[str, bool] = {}
        self._writes: dict[bytes, list] | None = None

    def _directives(self, pattern: re.Pattern, kind: str) -> list:
        """The `kind` nodes (preproc_call, preproc_def) whose directive token a text match starts."""
        out = []
        for m in pattern.finditer(self.data):
            node = self.root.descendant_for_byte_range(m.start(), m.start() + 1)
            while node is not None and node.start_byte == m.start() and node.type != kind:
                node = node.parent
            if node is not None and node.type == kind and node.start_byte == m.start():
                out.append(node)
        return out

    def number_macros(self) -> dict[str, int]:
        """`#define NAME 16`: object-like macros whose value is an integer literal."""
        out = {}
        for n in self._directives(_DEFINE, "preproc_def"):
            name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
            text = self.text(value).strip().strip("()").rstrip("uUlL") if value is not None else ""
            if name is not None and text.isdigit():
                out[self.text(name)] = int(text)
        return out

    def assigned(self, name: str) -> bool:
        """Whether `name` is written anywhere (assigned, incremented, its address taken)."""
        if name not in self._assigned:
            self._assigned[name] = any(self._written(s, e) for s, e in self._write_sites(name))
        return self._assigned[name]

    def written_in(self, name: str, node) -> bool:
        """Whether `name` is written inside `node` (assigned, incremented, its address taken)."""
        sites = self._write_sites(name)  # in text order
        k = bisect.bisect_left(sites, (node.start_byte, 0))
        while k < len(sites) and sites[k][1] <= node.end_byte:
            if self._written(*sites[k]):
                return True
            k += 1
        return False

    def _write_sites(self, name: str) -> list:
        if self._writes is None:  # candidates by text (`x =`, `x +=`, `x++`, `++x`, `&x`), checked in the tree
            self._writes = {}
            for m in _WRITE_LIKE.finditer(self.data):
                g = m.lastgroup
                self._writes.setdefault(m.group(g), []).append((m.start(g), m.end(g)))
        return self._writes.get(name.encode(), [])

    def _written(self, start: int, end: int) -> bool:
        node = self.root.descendant_for_byte_range(start, end)
        if node is None or node.type != "identifier" or node.start_byte != start or node.end_byte != end:
            return False
        parent = node.parent
        if parent is None:
            return False
        address_of = parent.type == "pointer_expression" and self.text(parent.child_by_field_name("operator")) == "&"
        if parent.type == "assignment_expression":
            field = "left"
        elif parent.type == "update_expression" or address_of:
            field = "argument"
        else:
            return False
        child = parent.child_by_field_name(field)
        return child is not None and child.id == node.id
