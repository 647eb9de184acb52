"""The parsed program for the static model: pcwm.problems' OmpSource, with pragmas found by a tree-sitter query.

OmpSource visits every node of the tree in Python to find `#pragma omp` lines; on large generated programs
(thousands of statements) that alone costs hundreds of milliseconds, so here a query collects the preproc_call
nodes in C and only those are parsed as pragmas.
"""

from __future__ import annotations

import functools

from tree_sitter import Query, QueryCursor

from pcwm.problems.omp_source import OmpSource, parser_for


@functools.lru_cache(maxsize=2)
def _pragma_query(language: str) -> Query:
    return Query(parser_for(language).language, "(preproc_call) @pragma")


class StaticSource(OmpSource):
    def __init__(self, source: str, language: str):  # noqa: D107 - same fields as OmpSource
        self.source = source
        self.language = language
        self.data = source.encode("utf-8")
        self.tree = parser_for(language).parse(self.data)
        self.root = self.tree.root_node
        nodes = QueryCursor(_pragma_query(language)).captures(self.root).get("pragma", [])
        nodes = sorted(nodes, key=lambda n: n.start_byte)
        self.pragmas = [p for n in nodes if (p := self._parse_pragma(n))]
        self.by_node = {p.node.id: p for p in self.pragmas}
        self._body_to_pragma = {}
