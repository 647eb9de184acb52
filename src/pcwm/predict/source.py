"""Is this C/C++ (OpenMP) source? The input check of `pcwm predict`: refuse what a world model cannot read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pcwm.errors import UsageError

CXX_SUFFIXES = (".cc", ".cpp", ".cxx", ".C", ".c++", ".hpp", ".hh", ".hxx")


class InputError(UsageError):
    """The input is not something a parallel-code world model can read (not C/C++, empty, binary)."""


_OTHER_LANGUAGES = {  # suffix -> language, for a clear message
    ".py": "Python", ".rs": "Rust", ".java": "Java", ".go": "Go", ".js": "JavaScript", ".ts": "TypeScript",
    ".f": "Fortran", ".f90": "Fortran", ".f95": "Fortran", ".F90": "Fortran", ".rb": "Ruby", ".jl": "Julia",
    ".sh": "shell", ".md": "Markdown", ".json": "JSON", ".yaml": "YAML", ".yml": "YAML", ".cu": "CUDA",
}
_C_SIGNS = {
    "#include": re.compile(r"^\s*#\s*include\s*[<\"]", re.M),
    "#pragma/#define": re.compile(r"^\s*#\s*(pragma|define|ifn?def|if)\b", re.M),
    "C declarations": re.compile(r"\b(int|double|float|void|char|long|unsigned|size_t|bool|auto|const)\s+\**\s*\w+"),
    "statements ending in ;": re.compile(r";\s*(//.*)?$", re.M),
    "C for loops": re.compile(r"\bfor\s*\(\s*[^;]*;[^;]*;"),
}
_NOT_C_SIGNS = {
    "Python": re.compile(r"^\s*(def \w+\(.*\)\s*(->.*)?:|import \w+$|from [\w.]+ import |class \w+.*:$|elif\b)", re.M),
    "Fortran": re.compile(r"^\s*(!\$omp|program\s+\w+|end\s+program|subroutine\s+\w+|implicit\s+none)", re.M | re.I),
    "Rust": re.compile(r"^\s*(fn \w+|let mut |use std::|impl\b)", re.M),
    "Go": re.compile(r"^\s*(package \w+$|func \w+\()", re.M),
    "Java/JavaScript": re.compile(r"(System\.out\.|public static void main|\bfunction \w+\(|console\.log\()"),
}
_OPENMP = re.compile(r"#\s*pragma\s+omp\b|\bomp_\w+\s*\(|<omp\.h>")
_CXX = re.compile(r"\bstd::|#\s*include\s*<(iostream|vector|algorithm|string|cstdio|cstdlib|cmath)>|\btemplate\s*<|"
                  r"\bnamespace\b|\bclass\s+\w+\s*[{:]")


@dataclass
class SourceCheck:
    """What the input looks like: its language (c | cpp) and whether it uses OpenMP, plus warnings for the user."""

    lang: str
    openmp: bool
    warnings: list[str] = field(default_factory=list)


def check_source(source: str, file_name: str | None = None) -> SourceCheck:
    """Decides whether `source` is C/C++ a world model can read; raises InputError with the reason if not.

    Heuristic: a known non-C file suffix is refused; otherwise the text needs at least two kinds of C syntax
    (includes, pragmas, declarations, `;`-terminated statements, C for loops), and signs of another language
    (Python defs and imports, Fortran `!$omp`, Rust, Go, Java/JS) must be fewer than half as many as the C signs.
    C/C++ without an OpenMP pragma or omp_ call is predicted anyway, with a warning.
    """
    suffix = Path(file_name).suffix if file_name else ""
    if suffix in _OTHER_LANGUAGES:
        raise InputError(f"a {_OTHER_LANGUAGES[suffix]} file ({suffix}); pcwm predicts for C/C++ OpenMP code only")
    if not source.strip():
        raise InputError("the input is empty")
    if "\x00" in source:
        raise InputError("the input is binary, not C/C++ source")
    c_counts = {name: len(rx.findall(source)) for name, rx in _C_SIGNS.items()}
    c_signs = [name for name, n in c_counts.items() if n]
    other = {lang: len(rx.findall(source)) for lang, rx in _NOT_C_SIGNS.items()}
    lang_other, n_other = max(other.items(), key=lambda kv: kv[1])
    if len(c_signs) < 2 or 2 * n_other > sum(c_counts.values()):
        seen = f"; it looks like {lang_other}" if n_other else ""
        raise InputError(f"the input does not look like C/C++ (C syntax found: {', '.join(c_signs) or 'none'}{seen});"
                         " pcwm predicts for C/C++ OpenMP code only")
    lang = "cpp" if suffix in CXX_SUFFIXES or (suffix != ".c" and _CXX.search(source)) else "c"
    check = SourceCheck(lang=lang, openmp=bool(_OPENMP.search(source)))
    if not check.openmp:
        check.warnings.append("no OpenMP pragma or omp_ call found: this is C/C++ but not OpenMP code; the world "
                              "models are trained on OpenMP programs, so the prediction may mean little")
    return check
