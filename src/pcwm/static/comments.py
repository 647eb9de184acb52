"""Comment blanking for the static model (line numbers kept): the model must never read comments."""

from __future__ import annotations

import re

_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.DOTALL)


def strip_comments(source: str) -> str:
    """C/C++ source with // and /* */ comments blanked (newlines kept); string and char literals left alone."""

    def repl(m: re.Match) -> str:
        s = m.group(0)
        return s if s.startswith(("\"", "'")) else "\n" * s.count("\n")

    return _COMMENT.sub(repl, source)
