"""Prompt templates of the evaluation suites (Jinja2 files in this folder, or any path a suite YAML names).

Every prompt is one user message; `Prompt` carries it with the metadata that non-LLM baselines and scorers need
(the item id, the program source, ...). `prompt_hash` identifies a prompt in the generations tables.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pcwm import templates

HERE = Path(__file__).parent


@dataclass
class Prompt:
    """One prompt: chat messages plus metadata (never sent to a model)."""

    messages: list[dict]
    meta: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(m["content"] for m in self.messages)

    @property
    def hash(self) -> str:
        return prompt_hash(self.messages)


def prompt_hash(messages: list[dict]) -> str:
    return hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()[:16]


def template_path(name: str) -> Path:
    """A template by file name (this folder) or by path; FileNotFoundError names both places looked in."""
    return templates.template_path(name, HERE)


def render(template: str, **variables) -> str:
    return templates.render(template, HERE, **variables)


def user_prompt(template: str, meta: dict | None = None, **variables) -> Prompt:
    return Prompt(messages=[{"role": "user", "content": render(template, **variables)}], meta=dict(meta or {}))


_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.DOTALL)


def strip_comments(source: str) -> str:
    """C/C++ source with comments blanked (newlines kept, so line numbers do not move); strings are left alone."""

    def repl(m: re.Match) -> str:
        s = m.group(0)
        if s.startswith(("\"", "'")):
            return s
        return "\n" * s.count("\n")

    out = _COMMENT.sub(repl, source)
    return "\n".join(line.rstrip() for line in out.split("\n"))


def code_language(file_name: str) -> str:
    return "c" if file_name.endswith(".c") else "cpp"


def extract_code(text: str, lang: str | None = None) -> str | None:
    """The last fenced code block of a response (preferring one tagged `lang`), or None."""
    blocks = re.findall(r"```([A-Za-z+]*)[ \t]*\n(.*?)```", text, re.DOTALL)
    if not blocks:
        return None
    tagged = [b for tag, b in blocks if lang and tag.lower() in (lang, "c++" if lang == "cpp" else lang)]
    return (tagged or [b for _, b in blocks])[-1]
