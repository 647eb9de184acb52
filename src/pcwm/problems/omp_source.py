"""OpenMP C/C++ source as a tree-sitter tree plus parsed `#pragma omp` directives, and byte-range edits on it.

tree-sitter's C/C++ grammars see a pragma as a `preproc_call` node whose `preproc_arg` is the raw text after
`#pragma`; we locate pragmas through the tree (so comments, strings and disabled code never match) and parse the
directive and clause list ourselves. A construct's associated statement is the pragma's next named sibling.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Language, Node, Parser

# Words that make up directive names (everything after them is a clause); `critical(name)` keeps its argument.
DIRECTIVE_WORDS = frozenset({
    "parallel", "for", "do", "simd", "sections", "section", "single", "task", "taskloop", "taskwait", "taskyield",
    "taskgroup", "barrier", "critical", "atomic", "master", "masked", "ordered", "scan", "flush", "teams",
    "distribute", "target", "loop", "threadprivate", "declare", "cancel", "cancellation", "point", "depobj",
})
STANDALONE = frozenset({"barrier", "taskwait", "taskyield", "flush", "scan", "cancel", "cancellation", "depobj",
                        "threadprivate", "declare"})
LOOP_DIRECTIVES = frozenset({"for", "simd", "taskloop", "distribute", "loop"})
_WORD = re.compile(rb"[A-Za-z_]\w*")
_SPACE = re.compile(rb"(?:\s|\\\n|,)*")


@functools.lru_cache(maxsize=2)
def parser_for(language: str) -> Parser:
    """A tree-sitter parser for 'c' or 'cpp'."""
    if language == "c":
        import tree_sitter_c as grammar
    elif language == "cpp":
        import tree_sitter_cpp as grammar
    else:
        raise ValueError(f"language must be 'c' or 'cpp', got {language!r}")
    return Parser(Language(grammar.language()))


@dataclass(frozen=True)
class Clause:
    """One clause of a pragma: name, raw argument text (inside the parentheses) and its byte range in the source."""

    name: str
    args: str | None
    start: int
    end: int
    prev_end: int  # end of the item before it, so removing [prev_end, end) also removes the separating space

    def items(self) -> list[str]:
        """The list items of a clause like private(a, b) or reduction(+ : a, b[:n]) (modifiers/operator dropped)."""
        body = self.args or ""
        if self.name in ("reduction", "in_reduction", "task_reduction", "lastprivate"):
            body = _after_operator(body)
        return [x.strip() for x in split_top_level(body) if x.strip()]


@dataclass(frozen=True)
class Pragma:
    """A parsed `#pragma omp` line."""

    node: Node
    directive: tuple[str, ...]
    clauses: tuple[Clause, ...]
    end_of_directive: int  # byte offset after the directive words (where a new clause can be inserted)

    @property
    def line(self) -> int:
        return self.node.start_point[0] + 1

    @property
    def kind(self) -> str:
        return self.directive[0] if self.directive else ""

    def has(self, word: str) -> bool:
        return word in self.directive

    def clause(self, name: str) -> Clause | None:
        return next((c for c in self.clauses if c.name == name), None)

    def clauses_named(self, *names: str) -> list[Clause]:
        return [c for c in self.clauses if c.name in names]

    @property
    def is_loop(self) -> bool:
        return bool(LOOP_DIRECTIVES & set(self.directive))

    @property
    def standalone(self) -> bool:
        return bool(STANDALONE & set(self.directive)) or not self.directive


@dataclass(frozen=True)
class Edit:
    """Replace source bytes [start, end) with `text`."""

    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class Site:
    """One place an operator applies: the edits, the 1-based line in the parent, and what was done."""

    edits: tuple[Edit, ...]
    line: int
    description: str


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Splits on `sep` outside (), [] and {}."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def _after_operator(args: str) -> str:
    """The list part of a reduction clause whose items hold array sections (`+ : h[:n]`)."""
    depth = 0
    for i, ch in enumerate(args):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == ":" and depth == 0:
            return args[i + 1:]
    return args  # no operator/modifier: the whole text is the list


class OmpSource:
    """A parsed source file with its OpenMP pragmas; `apply(edits)` returns the edited text."""

    def __init__(self, source: str, language: str):
        self.source = source
        self.language = language
        self.data = source.encode("utf-8")
        self.tree = parser_for(language).parse(self.data)
        self.root = self.tree.root_node
        self.pragmas = [p for n in walk(self.root) if n.type == "preproc_call" and (p := self._parse_pragma(n))]
        self._body_to_pragma = {}
        for p in self.pragmas:
            if (b := self.body(p)) is not None:
                self._body_to_pragma.setdefault(b, []).append(p)

    # ---- text helpers -------------------------------------------------------------------------------------------
    def text(self, node: Node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", errors="replace")

    def line_start(self, offset: int) -> int:
        return self.data.rfind(b"\n", 0, offset) + 1

    def indent_of(self, node: Node) -> str:
        start = self.line_start(node.start_byte)
        return self.data[start:node.start_byte].decode() if not self.data[start:node.start_byte].strip() else ""

    def apply(self, edits: list[Edit]) -> str:
        """The source with non-overlapping edits applied."""
        out = self.data
        last = len(out) + 1
        for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
            if e.end > last:
                raise ValueError(f"overlapping edits at byte {e.start}")
            out = out[:e.start] + e.text.encode("utf-8") + out[e.end:]
            last = e.start
        return out.decode("utf-8")

    def remove_lines(self, node: Node) -> Edit:
        """Removes a node with its indentation and trailing newline when it sits alone on its lines."""
        start, end = node.start_byte, node.end_byte
        ls = self.line_start(start)
        if not self.data[ls:start].strip():
            start = ls
        nl = self.data.find(b"\n", end)
        tail = self.data[end:nl if nl >= 0 else len(self.data)]
        if not tail.strip() and self.data[end - 1:end] != b"\n":
            end = nl + 1 if nl >= 0 else len(self.data)
        return Edit(start, end, "")

    # ---- pragmas ------------------------------------------------------------------------------------------------
    def _parse_pragma(self, node: Node) -> Pragma | None:
        directive = node.child_by_field_name("directive") or (node.children[0] if node.children else None)
        arg = next((c for c in node.children if c.type == "preproc_arg"), None)
        if directive is None or self.text(directive).strip() != "#pragma" or arg is None:
            return None
        items = _scan_items(self.data, arg.start_byte, arg.end_byte)
        if not items or items[0][0] != "omp":
            return None
        words, i = [], 1
        while i < len(items) and _directive_word(items[i], words):
            words.append(items[i][0])
            i += 1
            if words[-1] == "declare":
                break
        end_dir = items[i - 1][3]
        clauses = tuple(Clause(name, args, s, e, items[k - 1][3]) for k, (name, args, s, e) in enumerate(items)
                        if k >= i and words and words[-1] != "declare")
        return Pragma(node=node, directive=tuple(words), clauses=clauses, end_of_directive=end_dir)

    def body(self, pragma: Pragma) -> Node | None:
        """The statement a construct applies to (None for standalone directives)."""
        if pragma.standalone:
            return None
        nxt = pragma.node.next_named_sibling
        while nxt is not None and nxt.type == "comment":
            nxt = nxt.next_named_sibling
        return nxt

    def pragmas_of(self, statement: Node) -> list[Pragma]:
        """Pragmas whose associated statement is `statement`."""
        return self._body_to_pragma.get(statement, [])

    def enclosing(self, node: Node, *words: str) -> Pragma | None:
        """The innermost construct around `node` (not counting node's own pragma) having all `words`."""
        cur = node.parent
        while cur is not None:
            for p in self.pragmas_of(cur):
                if all(p.has(w) for w in words):
                    return p
            cur = cur.parent
        return None

    def serialized(self, node: Node) -> bool:
        """True when `node` runs on one thread at a time (inside critical, single, master, masked or ordered)."""
        return any(self.enclosing(node, kind) is not None for kind in ("critical", "single", "master", "masked",
                                                                        "ordered"))

    def loop_pragma_loops(self) -> set[Node]:
        """for-statements whose iteration variable is predetermined private (loop constructs, collapsed nests)."""
        out = set()
        for p in self.pragmas:
            body = self.body(p)
            if not p.is_loop or body is None or body.type != "for_statement":
                continue
            depth = _int_arg(p.clause("collapse")) or 1
            loop = body
            for _ in range(depth):
                if loop is None or loop.type != "for_statement":
                    break
                out.add(loop)
                loop = single_statement(loop.child_by_field_name("body"))
        return out


def _directive_word(item: tuple, words: list[str]) -> bool:
    name, args = item[0], item[1]
    if name not in DIRECTIVE_WORDS or (words and name in ("ordered", "critical", "atomic", "single", "barrier")):
        return False  # `ordered`, ... after a directive word is a clause (parallel for ordered)
    return args is None or name in ("critical", "flush", "threadprivate", "declare")


def _scan_items(data: bytes, start: int, end: int) -> list[tuple[str, str | None, int, int]]:
    """`name` or `name(args)` items of a pragma line: (name, args, start, end) with absolute byte offsets."""
    items, pos = [], start
    while True:
        pos = _SPACE.match(data, pos, end).end()
        m = _WORD.match(data, pos, end)
        if not m:
            break
        name, s, pos = m.group().decode(), m.start(), m.end()
        args = None
        after = _SPACE.match(data, pos, end).end()
        if after < end and data[after:after + 1] == b"(":
            depth, k = 0, after
            while k < end:
                depth += {b"(": 1, b")": -1}.get(data[k:k + 1], 0)
                k += 1
                if depth == 0:
                    break
            args = data[after + 1:k - 1].decode("utf-8", errors="replace").replace("\\\n", " ")
            pos = k
        items.append((name, args, s, pos))
    return items


def _int_arg(clause: Clause | None) -> int | None:
    try:
        return int(clause.args.strip()) if clause and clause.args else None
    except ValueError:
        return None


def walk(node: Node):
    """All nodes of a subtree, pre-order."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def single_statement(node: Node | None) -> Node | None:
    """The only statement of a block `{ stmt }` (comments ignored), the node itself if not a block, else None."""
    if node is None or node.type != "compound_statement":
        return node
    inner = [c for c in node.named_children if c.type != "comment"]
    return inner[0] if len(inner) == 1 else None


def base_identifier(node: Node | None) -> Node | None:
    """The variable an lvalue is rooted at: `a` for a, a[i], a[i][j], a.f, *a, (a), p->x."""
    while node is not None:
        if node.type == "identifier":
            return node
        if node.type in ("subscript_expression", "field_expression", "pointer_expression",
                         "parenthesized_expression", "call_expression"):
            node = node.child_by_field_name("argument") or (node.named_children[0] if node.named_children else None)
        else:
            return None
    return None


def write_targets(node: Node) -> Iterator[Node]:
    """The left sides of every assignment and increment in a subtree."""
    for n in walk(node):
        if n.type == "assignment_expression":
            yield n.child_by_field_name("left")
        elif n.type == "update_expression":
            yield n.child_by_field_name("argument")


def written_names(src: OmpSource, node: Node) -> set[str]:
    """Variables written (assigned, incremented) anywhere in a subtree, by their root identifier."""
    return {src.text(ident) for t in write_targets(node) if (ident := base_identifier(t)) is not None}


def identifier_names(src: OmpSource, node: Node) -> set[str]:
    """Every identifier used in a subtree, plus the words of pragma lines in it."""
    out = set()
    for n in walk(node):
        if n.type == "identifier":
            out.add(src.text(n))
        elif n.type == "preproc_arg":
            out.update(re.findall(r"[A-Za-z_]\w*", src.text(n)))
    return out


def declared_names(src: OmpSource, node: Node) -> set[str]:
    """Names declared by declarations inside a subtree."""
    out = set()
    for n in walk(node):
        if n.type in ("declaration", "parameter_declaration"):
            for d in n.children_by_field_name("declarator"):
                if (ident := declarator_identifier(d)) is not None:
                    out.add(src.text(ident))
    return out


def declarator_identifier(node: Node | None) -> Node | None:
    """The identifier a declarator declares (through init/pointer/array/reference declarators)."""
    while node is not None and node.type != "identifier":
        if node.type in ("init_declarator", "pointer_declarator", "array_declarator", "reference_declarator",
                         "parenthesized_declarator"):
            node = node.child_by_field_name("declarator") or next(
                (c for c in node.named_children if c.type.endswith("declarator") or c.type == "identifier"), None)
        else:
            return None
    return node


def loop_variable(src: OmpSource, loop: Node | None) -> str | None:
    """The iteration variable of a for-statement (`for (int i = ...` or `for (i = ...`)."""
    init = loop.child_by_field_name("initializer") if loop is not None and loop.type == "for_statement" else None
    if init is None:
        return None
    if init.type == "declaration":
        decls = init.children_by_field_name("declarator")
        ident = declarator_identifier(decls[0]) if decls else None
    elif init.type == "assignment_expression":
        ident = init.child_by_field_name("left")
    else:
        ident = None
    return src.text(ident) if ident is not None and ident.type == "identifier" else None
