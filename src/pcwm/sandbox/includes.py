"""What a candidate may #include: the work dir and the system include dirs only.

An include dir of a program (e.g. DataRaceBench's folder, for polybench/polybench.h) is never shown to the
sandbox: its headers (two levels deep) are copied into the work dir instead. An #include of an absolute path or one
that climbs out with '..' is refused before compiling; includes built from macros meet the sandbox's mount view.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

_INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.MULTILINE)
HEADER_SUFFIXES = (".h", ".hh", ".hpp", ".hxx", ".inc", ".def")


def refused_includes(program) -> str | None:
    """An error naming any #include of an absolute path or one that climbs out with '..' (else None)."""
    texts = [program.source, program.harness or "", *(t for _, t in program.extra_files)]
    for text in texts:
        for m in _INCLUDE.finditer(text):
            target = m.group(1)
            if target.startswith("/") or ".." in Path(target).parts:
                return f"pcwm: refused #include {target!r}: only the work dir and system include dirs are visible"
    return None


def stage_includes(include_dirs: tuple[str, ...], work: Path, max_files: int = 500) -> list[str]:
    """Copies the headers of each include dir (two levels deep) into the work dir; returns the -I flags for them.
    The dirs themselves are never shown to the sandbox."""
    flags = []
    for i, d in enumerate(include_dirs):
        src, dst = Path(d), work / f".inc{i}"
        dst.mkdir()
        flags.append(f"-I{dst.name}")
        if not src.is_dir():
            continue
        found = [p for pat in ("*", "*/*") for p in src.glob(pat) if p.suffix in HEADER_SUFFIXES and p.is_file()]
        for p in found[:max_files]:
            target = dst / p.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, target)
    return flags
