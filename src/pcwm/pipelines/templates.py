"""Prompt templates of the data engine: Jinja2 files in `prompts/`, or any path a recipe names."""

from __future__ import annotations

import functools
from pathlib import Path

PROMPTS = Path(__file__).parent / "prompts"


def template_path(name: str) -> Path:
    """A template by file name (the shipped prompts folder) or by path; the error names both places looked in."""
    p = Path(name)
    if p.is_file():
        return p
    q = PROMPTS / name
    if q.is_file():
        return q
    raise FileNotFoundError(f"prompt template {name!r} not found (looked at {p} and {q})")


@functools.lru_cache(maxsize=64)
def _compile(path: str, mtime: float):
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    return env.from_string(Path(path).read_text())


def render(name: str, **variables) -> str:
    """The rendered template, stripped, with a final newline; a missing variable is an error."""
    p = template_path(name)
    return _compile(str(p), p.stat().st_mtime).render(**variables).strip() + "\n"


def language_name(lang: str) -> str:
    return "C++" if lang == "cpp" else "C"
