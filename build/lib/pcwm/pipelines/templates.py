"""Prompt templates of the data engine: Jinja2 files in `prompts/`, or any path a recipe names."""

from __future__ import annotations

from pathlib import Path

from pcwm import templates

PROMPTS = Path(__file__).parent / "prompts"


def template_path(name: str) -> Path:
    """A template by file name (the shipped prompts folder) or by path; the error names both places looked in."""
    return templates.template_path(name, PROMPTS)


def render(name: str, **variables) -> str:
    """The rendered template, stripped, with a final newline; a missing variable is an error."""
    return templates.render(name, PROMPTS, **variables)


def language_name(lang: str) -> str:
    return "C++" if lang == "cpp" else "C"
