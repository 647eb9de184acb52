"""Reading LLM responses: numbered tags, fenced code blocks, verbatim answer checks (no distilabel import)."""

from __future__ import annotations

import hashlib
import re

from pcwm import outcomes

_FENCE = re.compile(r"```([A-Za-z+]*)[ \t]*\n(.*?)```", re.DOTALL)


def numbered_blocks(text: str | None, tag: str) -> list[str]:
    """Bodies of `<tag_1>...</tag_1>`, `<tag_2>...`, in number order (a missing closing tag ends at the next one)."""
    if not text:
        return []
    found = {}
    pattern = re.compile(rf"<{tag}_(\d+)>(.*?)(?=</{tag}_\1>|<{tag}_\d+>|\Z)", re.DOTALL)
    for m in pattern.finditer(text):
        body = m.group(2).strip()
        if body:
            found.setdefault(int(m.group(1)), body)
    return [found[k] for k in sorted(found)]


def tag_block(text: str | None, tag: str) -> str | None:
    if not text:
        return None
    m = re.search(rf"<{tag}>(.*?)(?:</{tag}>|\Z)", text, re.DOTALL)
    return m.group(1).strip() if m else None


def code_block(text: str | None, lang: str | None = None) -> str | None:
    """The last fenced code block (preferring one tagged `lang`), else None."""
    if not text:
        return None
    blocks = _FENCE.findall(text)
    if not blocks:
        return None
    names = {lang, "c++" if lang == "cpp" else lang, "cc" if lang == "cpp" else lang} if lang else set()
    tagged = [b for t, b in blocks if t.lower() in names]
    return (tagged or [b for _, b in blocks])[-1].strip("\n") + "\n"


def strategy_line(text: str) -> str:
    m = re.search(r"^\s*Strategy:\s*(.+)$", text, re.MULTILINE)
    return m.group(1).strip() if m else ""


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def answer_matches(response: str | None, expected_answer: str) -> tuple[bool, str]:
    """Whether the response's <answer> block equals `expected_answer` verbatim (trailing spaces aside).

    Returns (accepted, reason); reason is "" when accepted, else no_response | no_think | no_answer | mismatch.
    """
    if not response:
        return False, "no_response"
    if outcomes.think_block(response) is None:
        return False, "no_think"
    got = outcomes.answer_block(response)
    if got is None:
        return False, "no_answer"
    return (True, "") if _norm(got) == _norm(expected_answer) else (False, "mismatch")


def content_id(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]
