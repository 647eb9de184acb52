"""The world model's prompts: Jinja2 templates (`templates/` beside this module, or any path a YAML names).

Every prompt is one user message; `Prompt` carries it with the metadata that non-LLM baselines and scorers need
(the item id, the program source, ...). `prompt_hash` identifies a prompt in the generations tables. The data
engine (SFT rows), the evaluation tasks and `pcwm predict` all render the same templates, so a model is asked
exactly what it is trained and scored on. Other prompt folders (an evaluation task's actor prompts) are searched
after this one when passed as `search`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pcwm import templates

TEMPLATES = Path(__file__).parent / "templates"


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


def _folder(name: str | Path, search: tuple[Path, ...]) -> Path:
    """The first folder of `search` holding `name` (the first folder when none does: its error names it)."""
    return next((d for d in search if (d / name).is_file()), search[0])


def template_path(name: str | Path, search: tuple[Path, ...] = (TEMPLATES,)) -> Path:
    """A template by path or by file name in the `search` folders; FileNotFoundError names where it looked."""
    try:
        return templates.template_path(name, _folder(name, search))
    except FileNotFoundError:
        looked = ", ".join(str(d) for d in search)
        raise FileNotFoundError(f"prompt template {str(name)!r} not found (as a path or in {looked})") from None


def render(template: str | Path, search: tuple[Path, ...] = (TEMPLATES,), **variables) -> str:
    return templates.render(template_path(template, search), TEMPLATES, **variables)


def user_prompt(template: str | Path, meta: dict | None = None, *, search: tuple[Path, ...] = (TEMPLATES,),
                **variables) -> Prompt:
    """A one-message prompt rendered from `template` with `variables`; `meta` rides along unsent."""
    return Prompt(messages=[{"role": "user", "content": render(template, search, **variables)}],
                  meta=dict(meta or {}))


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
