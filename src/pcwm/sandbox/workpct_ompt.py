"""The native side of the work-% profiler: building our OMPT tool, reading its JSON, and mapping regions to source.

The tool (`sandbox/ompt/pcwm_workpct.c`) is compiled on first use into `pcwm.paths.ompt_tool_cache()`, keyed by the
hash of its C source and the compiler version, and published by an atomic rename so concurrent first uses never see
a half-written library. Regions are keyed by the parallel construct's return address; `symbolize` turns the tool's
module offsets into file:line with llvm-symbolizer, and `region_snippet` cuts the `#pragma omp parallel ...` line
and its structured block out of the source.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pcwm import paths

TOOL_ENV_OUT = "PCWM_WORKPCT_OUT"
# The C source lives in the repo's sandbox/ompt/; src/pcwm/sandbox/native/ links to it so wheels carry a copy.
TOOL_SOURCE = Path(os.environ.get("PCWM_WORKPCT_SRC", Path(__file__).parent / "native" / "pcwm_workpct.c"))
TOOL_CFLAGS = ("-shared", "-fPIC", "-O2")


def tool_digest(source: Path = TOOL_SOURCE) -> str:
    """Short content hash of the OMPT tool's source: part of every cache key for its measurements."""
    return hashlib.sha256(source.read_bytes()).hexdigest()[:16]


def tool_path(cc_version: str, source: Path = TOOL_SOURCE) -> Path:
    """Where the OMPT tool built from `source` by this compiler lives (built or not)."""
    text = source.read_bytes()
    key = hashlib.sha256(text + b"\0" + cc_version.encode() + b"\0" + " ".join(TOOL_CFLAGS).encode()).hexdigest()
    return paths.ompt_tool_cache() / f"libpcwm_workpct-{key[:16]}.so"


def build_tool(cc: str, cc_version: str, *, source: Path = TOOL_SOURCE) -> Path:
    """Returns the path of the built OMPT tool, compiling it once per (source, compiler) into the cache dir."""
    target = tool_path(cc_version, source)
    out_dir = target.parent
    if target.exists():
        return target
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".build-", suffix=".so", dir=out_dir)
    os.close(fd)
    try:
        proc = subprocess.run(
            [cc, *TOOL_CFLAGS, str(source), "-o", tmp, "-ldl"], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise RuntimeError(f"building the OMPT tool failed:\n{proc.stderr[-4000:]}")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


@dataclass
class RegionRun:
    """One parallel region (or Caliper annotation) in one run: Caliper-compatible wall-clock sums and CPU sums."""

    key: str  # module offset of the parallel construct ("0x12f8"), or the Caliper annotation path
    work_s: float
    sync_s: float
    work_pct: float | None
    invocations: int = 0
    max_team: int = 0
    sync_inregion_s: float | None = None  # sync without the worker tail after the region ended (ours only)
    work_cpu_s: float | None = None
    sync_cpu_s: float | None = None
    est_work_pct: float | None = None  # host-independent estimate (ours only)
    threads: list[dict] = field(default_factory=list)
    # time in work or sync, overlap counted once (the work-% denominator); None: work_s + sync_s, as in our tool,
    # whose sync_s already leaves the overlap out. Caliper counts it in both its times (see caliper.region_runs).
    busy_s: float | None = None

    @property
    def denominator_s(self) -> float:
        return self.work_s + self.sync_s if self.busy_s is None else self.busy_s


def _pct(v: float) -> float | None:
    return None if v is None or v < 0 else float(v)


def parse_tool_json(text: str) -> tuple[list[RegionRun], RegionRun]:
    """Parses the tool's output file into (regions, whole-program total)."""
    data = json.loads(text)
    regions = []
    for r in data["regions"]:
        regions.append(
            RegionRun(
                key=r["offset"] if r["id"] else "serial",
                work_s=r["work_s"],
                sync_s=r["sync_s"],
                work_pct=_pct(r["work_pct"]),
                invocations=r["invocations"],
                max_team=r["max_team"],
                sync_inregion_s=r["sync_inregion_s"],
                work_cpu_s=r["work_cpu_s"],
                sync_cpu_s=r["sync_cpu_s"],
                est_work_pct=_pct(r["est_work_pct"]),
                threads=r["threads"],
            )
        )
    t = data["total"]
    total = RegionRun(
        key="total",
        work_s=t["work_s"],
        sync_s=t["sync_s"],
        work_pct=_pct(t["work_pct"]),
        invocations=sum(r.invocations for r in regions),
        sync_inregion_s=t["sync_inregion_s"],
        work_cpu_s=t["work_cpu_s"],
        sync_cpu_s=t["sync_cpu_s"],
        est_work_pct=_pct(t["est_work_pct"]),
    )
    return regions, total


def symbolize(symbolizer: str, exe: Path, offsets: list[str]) -> dict[str, tuple[str, int] | None]:
    """Maps module offsets (return addresses) to (file, line) of the call, i.e. of the parallel pragma.

    A return address points just after the call into the runtime, so the address looked up is offset - 1; the
    innermost inlined frame is the construct's own location.
    """
    queries = [hex(int(o, 16) - 1) for o in offsets]
    if not queries:
        return {}
    proc = subprocess.run(
        [symbolizer, f"--obj={exe}", "--output-style=JSON", *queries], capture_output=True, text=True, check=False
    )
    found: dict[str, tuple[str, int] | None] = {o: None for o in offsets}
    try:
        entries = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        return found
    for off, entry in zip(offsets, entries, strict=False):
        frames = [f for f in entry.get("Symbol", []) if f.get("FileName") and f.get("Line")]
        if frames:
            found[off] = (frames[0]["FileName"], int(frames[0]["Line"]))
    return found


# ---------------------------------------------------------------- source snippets

_PRAGMA_PARALLEL = re.compile(r"^\s*#\s*pragma\s+omp\s+(parallel|target|teams)\b")
_PRAGMA = re.compile(r"^\s*#\s*pragma\b")
_STANDALONE = re.compile(r"^\s*#\s*pragma\s+omp\s+(taskwait|barrier|flush|taskyield|cancel|cancellation|depobj|scan)\b")
_CLOSE = {"(": ")", "{": "}", "[": "]"}


def region_snippet(source: str, line: int) -> tuple[str, int, int] | None:
    """The region's text (pragma + structured block, dedented) and its 1-based line span, given the pragma line.

    The line from debug info is the pragma's own line; when it is not (macros, odd line tables), the nearest
    `#pragma omp parallel` at or up to 3 lines above is used. Returns None when no pragma is found.
    """
    lines = source.splitlines()
    start = next(
        (k for k in range(line - 1, max(line - 5, -1), -1) if 0 <= k < len(lines) and _PRAGMA_PARALLEL.match(lines[k])),
        None,
    )
    if start is None:
        return None
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)
    text = "\n".join(lines) + "\n"
    _, end_line = _construct_end(text, offsets[start])
    block = lines[start:end_line]
    return _dedent(block), start + 1, end_line


_PRAGMA_OMP_PARALLEL = re.compile(r"^\s*#\s*pragma\s+omp\s+parallel\b")


def parallel_constructs(source: str) -> list[tuple[int, int, int, int]]:
    """(start offset, end offset, first line, last line) of each lexically outermost `#pragma omp parallel ...`
    construct: from the start of the pragma's line to the end of its structured block (constructs inside another
    are left out). Offsets index `source` with a final newline added when it has none."""
    text = source if source.endswith("\n") else source + "\n"
    found: list[tuple[int, int, int, int]] = []
    pos = 0
    for k, line in enumerate(text.splitlines(keepends=True), start=1):
        start, pos = pos, pos + len(line)
        if not _PRAGMA_OMP_PARALLEL.match(line) or (found and start < found[-1][1]):
            continue
        end, last = _construct_end(text, start)
        found.append((start, end, k, last))
    return found


def _construct_end(text: str, start: int) -> tuple[int, int]:
    """End offset and last line (1-based) of the construct whose directive line starts at offset `start`."""
    end = _statement_end(text, _skip_directive(text, start))
    return end, text.count("\n", 0, max(end - 1, 0)) + 1


def _skip_directive(text: str, pos: int) -> int:
    """Position after a preprocessor line, following backslash continuations."""
    while True:
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        if text[pos:nl].rstrip().endswith("\\"):
            pos = nl + 1
            continue
        return nl + 1


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
        elif text.startswith("//", pos):
            pos = text.find("\n", pos) + 1 or len(text)
        elif text.startswith("/*", pos):
            pos = (text.find("*/", pos + 2) + 2) or len(text)
        else:
            return pos
    return pos


def _skip_atom(text: str, i: int) -> int:
    """Index after the comment, string/char literal or single character at `i`."""
    if text.startswith("//", i):
        return text.find("\n", i) + 1 or len(text)
    if text.startswith("/*", i):
        return (text.find("*/", i + 2) + 2) or len(text)
    if text[i] in "\"'":
        j = i + 1
        while j < len(text) and text[j] != text[i]:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    return i + 1


def _match(text: str, pos: int, open_c: str, close_c: str) -> int:
    """Index after the bracket matching text[pos] (== open_c), skipping strings, chars and comments."""
    depth, i = 0, pos
    while i < len(text):
        c = text[i]
        if c == open_c:
            depth += 1
        elif c == close_c:
            depth -= 1
            if depth == 0:
                return i + 1
        i = _skip_atom(text, i)
    return len(text)


def _statement_end(text: str, pos: int) -> int:
    """Index after the C statement starting at or after `pos` (compound, for/while/if/do, pragma'd, or simple)."""
    pos = _skip_space(text, pos)
    if pos >= len(text):
        return pos
    if _PRAGMA.match(text[pos : text.find("\n", pos) + 1 or len(text)]):
        return _statement_end(text, _skip_directive(text, pos))
    if text[pos] == "{":
        return _match(text, pos, "{", "}")
    word = re.match(r"[A-Za-z_]\w*", text[pos:])
    kw = word.group(0) if word else ""
    if kw in ("for", "while", "if", "switch"):
        paren = _skip_space(text, pos + len(kw))
        end = _statement_end(text, _match(text, paren, "(", ")"))
        if kw == "if":
            nxt = _skip_space(text, end)
            if re.match(r"else\b", text[nxt:]):
                end = _statement_end(text, nxt + 4)
        return end
    if kw == "do":
        body_end = _statement_end(text, pos + 2)
        return text.find(";", body_end) + 1 or len(text)
    i = pos
    while i < len(text) and text[i] != ";":
        i = _match(text, i, text[i], _CLOSE[text[i]]) if text[i] in _CLOSE else _skip_atom(text, i)
    return i + 1


def _dedent(block: list[str]) -> str:
    """Dedents by the code lines' common indent; a pragma takes the indent of the code line after it (its construct;
    0 at top), except a standalone directive (taskwait, barrier, ...) indented as code, which keeps its own."""
    directive, inside = [], False
    for ln in block:
        is_dir = inside or bool(_PRAGMA.match(ln))
        directive.append(is_dir)
        inside = is_dir and ln.rstrip().endswith("\\")
    indent = [len(ln) - len(ln.lstrip()) for ln in block]
    cut = min((indent[k] for k, ln in enumerate(block) if ln.strip() and not directive[k]), default=0)
    out = []
    for k, ln in enumerate(block):
        if directive[k] and _PRAGMA.match(ln):
            nxt = next((j for j in range(k + 1, len(block)) if block[j].strip() and not directive[j]), None)
            pad = 0 if k == 0 or nxt is None else max(indent[nxt] - cut, 0)
            if k and _STANDALONE.match(ln) and indent[k] >= cut:  # no construct follows: keep its own place
                pad = indent[k] - cut
            out.append(" " * pad + ln.strip())
        else:
            out.append(ln[min(cut, indent[k]) :].rstrip())
    return "\n".join(out)
