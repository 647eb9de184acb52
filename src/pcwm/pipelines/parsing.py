"""Reading LLM responses: numbered tags, fenced code blocks, verbatim answer checks (no distilabel import)."""

from __future__ import annotations

import hashlib
import re

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
    """Whether a hindsight response is usable: a CoT that does not cite the outcome, and an <answer> block equal to
    `expected_answer` verbatim (trailing spaces aside). Any response shape of `pcwm.pipelines.reasoning` is read.

    Returns (accepted, reason); reason is "" when accepted, else no_response | no_reasoning | no_answer | mismatch |
    leak_<pattern> (the CoT cites having been given the outcome; see reasoning.LEAK_PATTERNS).
    """
    return check_hindsight(response, expected_answer)[:2]


def check_hindsight(response: str | None, expected_answer: str):
    """(accepted, reason, TeacherResponse or None) for a hindsight response; see `answer_matches`."""
    from pcwm.pipelines.reasoning import leak_reason, split_response

    if not response or not response.strip():
        return False, "no_response", None
    split = split_response(response)
    if not split.cot:
        return False, "no_reasoning", split
    if split.answer is None:
        return False, "no_answer", split
    if _norm(split.answer) != _norm(expected_answer):
        return False, "mismatch", split
    leak = leak_reason(split.cot)
    if leak:
        return False, f"leak_{leak}", split
    return True, "", split


def content_id(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]
