"""Prompt templates: Jinja2 files found by name in a package folder or by path, rendered strictly.

One renderer for every prompt (data engine, evaluation suites, predict), so a template renders the same wherever
it is used. A missing variable is an error, never an empty string.
"""

from __future__ import annotations

import functools
from pathlib import Path


def template_path(name: str | Path, folder: Path) -> Path:
    """A template by path, or by file name in `folder`; FileNotFoundError names both places looked in."""
    p = Path(name)
    if p.is_file():
        return p
    q = folder / name
    if q.is_file():
        return q
    raise FileNotFoundError(f"prompt template {name!r} not found (looked at {p} and {q})")


@functools.lru_cache(maxsize=128)
def _compile(path: str, mtime: float):
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    return env.from_string(Path(path).read_text())


def render(name: str | Path, folder: Path, **variables) -> str:
    """The rendered template, stripped, with one final newline."""
    p = template_path(name, folder)
    return _compile(str(p), p.stat().st_mtime).render(**variables).strip() + "\n"
