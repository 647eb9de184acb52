"""A candidate as the sandbox runs it: the file name it is compiled (and its races reported) under, and its Program.

Every producer of candidates (the offline engine, the distilabel Sandbox step, smoke data, evals, predict) builds
its Program here, so a candidate's file name and its harness wiring are decided in one place:
- `candidate_file(language, name)`: the caller's name when it is a plain C/C++ file name of that language, else
  `generated.c` / `generated.cpp` (the name world models see in prompts and answers);
- `program_for(source, language, ...)`: the candidate alone, or compiled through a harness that includes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pcwm.sandbox.runner import C_SUFFIXES, CXX_SUFFIXES, Program

LANGUAGES = ("c", "cpp")


def candidate_file(language: str, name: str | None = None) -> str:
    """The candidate's file name: `name` (its last path part) when it has a suffix of `language`, else
    generated.c (language c) or generated.cpp."""
    if name:
        base = Path(name).name
        if Path(base).suffix in (C_SUFFIXES if language == "c" else CXX_SUFFIXES):
            return base
    return "generated.cpp" if language == "cpp" else "generated.c"


def language_of(file_name: str) -> str:
    """c for a .c file, cpp for any other name (C++ suffixes)."""
    return "c" if Path(file_name).suffix in C_SUFFIXES else "cpp"


def program_for(source: str, language: str = "c", *, name: str | None = None, harness: str | None = None,
                harness_name: str | None = None, extra_files: Iterable[tuple[str, str]] = (),
                include_dirs: Iterable[str] = (), args: Iterable[str] = (), path: str | None = None) -> Program:
    """The sandbox Program of a candidate: `source` saved as `candidate_file(language, name)`; with `harness`, the
    harness (saved as `harness_name`, default harness.c / harness.cpp) is compiled and includes it, next to
    `extra_files` (e.g. the reference). `path` says where the candidate came from (reports only)."""
    suffix = ".cpp" if language == "cpp" else ".c"
    wiring = {"harness": harness, "harness_name": harness_name or f"harness{suffix}"} if harness else {}
    return Program(source=source, name=candidate_file(language, name), extra_files=tuple(extra_files),
                   include_dirs=tuple(include_dirs), args=tuple(args), path=path, **wiring)
