"""Parsing ThreadSanitizer logs into races located in the candidate's own source.

The sandbox runs TSan with `stack_trace_format='#%n|%f|%S|%l|%c|%M'` so each frame is `#n|function|file:line:col|
line|col|module`. A report's two accesses ("Write of size 4 ... by thread T1" / "Previous read ...") are each located
at the first frame that lies in one of the candidate's files (not the harness, the runtime or a system header).
One source race can produce dozens of raw reports; races are deduplicated by the unordered location pair.

Archer task-memory reuse: libomp allocates a task's private data (firstprivate copies, the shareds table) from its
own per-thread pools (1 MiB heap blocks) and hands the memory of a finished task to the next task through lock-free
lists that TSan cannot see. The new task's creation then writes its firstprivate copy at the `#pragma omp task`
line over memory an earlier task read on another thread, and TSan reports a race between two different tasks'
private variables. Measured here: DataRaceBench's race-free DRB100 at 8 threads did this in 18 of 50 runs, always
as a write at the task directive over a libomp-allocated heap block. `task_reuse_artifact` recognises exactly that
shape (a write located at a task/taskloop directive line of the candidate, on a heap block allocated from inside
libomp) and `parse_log` leaves such reports out when given the candidate's sources. No user access is located at a
task directive except the capture of firstprivate values, which reads the user's variable: the write there is
always to the task's own copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from pcwm.sandbox.result import Race

STACK_FORMAT = "#%n|%f|%S|%l|%c|%M"
_REPORT_START = "WARNING: ThreadSanitizer: data race"
_ACCESS = re.compile(r"^\s*(?:(Previous|Concurrent) )?(?:[Aa]tomic )?(read|write)\b", re.IGNORECASE)
_FRAME = re.compile(r"^#(\d+)\|([^|]*)\|([^|]*)\|(\d+)\|(\d+)\|(.*)$")
_TASK_DIRECTIVE = re.compile(r"^\s*#\s*pragma\s+omp\b.*\b(task|taskloop)\b")
_ALLOCATORS = {"malloc", "calloc", "realloc", "aligned_alloc", "posix_memalign", "memalign", "valloc", "operator new"}
_GLOBAL = re.compile(r"Location is (?:global|heap block|stack of)\s*'?([A-Za-z_][\w:.]*)?'?")


def split_reports(log_text: str) -> list[str]:
    """The data-race reports in a TSan log (other warning kinds, e.g. signal-unsafe calls, are ignored)."""
    blocks = log_text.split("==================")
    return [b for b in blocks if _REPORT_START in b]


def parse_report(report: str, candidate_files: Iterable[str]) -> Race | None:
    """One race from one report, or None when no access lies in the candidate's files."""
    accesses, variable = _accesses(report, candidate_files)
    locs = sorted({loc for _, loc in accesses if loc}, key=_loc_sort_key)
    if not locs:
        return None
    kinds = {k for k, _ in accesses}
    race_type = "write/write race" if kinds == {"write"} else "read/write race"
    return Race(type=race_type, locations=locs, variable=variable)


def task_reuse_artifact(report: str, sources: Mapping[str, str]) -> bool:
    """Whether a report is Archer's task-memory reuse artifact (see the module doc); `sources`: file name -> text."""
    lines = report.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("Location is heap block")), None)
    if start is None:
        return False
    allocated_in_libomp = False
    for ln in lines[start + 1 :]:
        fm = _FRAME.match(ln.strip())
        if not fm:
            break
        if fm.group(2).split("(")[0] in _ALLOCATORS:
            continue
        allocated_in_libomp = "libomp" in fm.group(6)
        break
    if not allocated_in_libomp:
        return False
    accesses, _ = _accesses(report, sources)
    for kind, loc in accesses:
        if kind != "write" or not loc:
            continue
        name, _, line = loc.rpartition(":")
        text = sources.get(name, "").splitlines()
        if line.isdigit() and 0 < int(line) <= len(text) and _TASK_DIRECTIVE.match(text[int(line) - 1]):
            return True
    return False


def _accesses(report: str, candidate_files: Iterable[str]) -> tuple[list[tuple[str, str | None]], str | None]:
    """The report's first two accesses as (read|write, first location in the candidate's files), and the variable."""
    names = {Path(f).name for f in candidate_files}
    accesses: list[tuple[str, str | None]] = []  # (kind, location)
    current_kind: str | None = None
    current_loc: str | None = None
    in_access = False
    variable = None
    for line in report.splitlines():
        m = _ACCESS.match(line)
        if m and (" of size " in line or " at 0x" in line):
            if current_kind is not None:
                accesses.append((current_kind, current_loc))
            current_kind, current_loc, in_access = m.group(2).lower(), None, True
            continue
        fm = _FRAME.match(line.strip())
        if fm and in_access:
            if current_loc is None:
                file_part = fm.group(3).rsplit(":", 2)[0]
                if Path(file_part).name in names and int(fm.group(4)) > 0:
                    current_loc = f"{Path(file_part).name}:{fm.group(4)}"
            continue
        if not line.strip() or line.lstrip().startswith(("Location is", "Thread ", "Mutex ", "SUMMARY")):
            in_access = False
        gm = _GLOBAL.search(line)
        if gm and variable is None and line.lstrip().startswith("Location is global"):
            name = gm.group(1)
            variable = name if name and name != "??" else None
    if current_kind is not None:
        accesses.append((current_kind, current_loc))
    return accesses[:2], variable


def parse_log(
    log_text: str, candidate_files: Iterable[str], sources: Mapping[str, str] | None = None
) -> tuple[list[Race], int]:
    """Deduplicated races of a whole log and the number of raw race reports. With the candidate's `sources`
    (file name -> text), Archer's task-memory reuse artifacts are left out of the races (still counted as reports)."""
    races, n_reports, _ = parse_log_counted(log_text, candidate_files, sources)
    return races, n_reports


def parse_log_counted(
    log_text: str, candidate_files: Iterable[str], sources: Mapping[str, str] | None = None
) -> tuple[list[Race], int, int]:
    """`parse_log` plus how many of the reports were task-memory reuse artifacts (0 without `sources`)."""
    files = list(candidate_files)
    reports = split_reports(log_text)
    kept = [x for x in reports if not task_reuse_artifact(x, sources)] if sources else reports
    races = merge_races(r for r in (parse_report(x, files) for x in kept) if r is not None)
    return races, len(reports), len(reports) - len(kept)


def merge_races(races: Iterable[Race]) -> list[Race]:
    """Merges races with the same (type, location pair), summing counts; stable, sorted by first location."""
    merged: dict[tuple, Race] = {}
    for r in races:
        k = (r.type, *r.key())
        if k in merged:
            merged[k].count += r.count
            merged[k].variable = merged[k].variable or r.variable
        else:
            merged[k] = Race(type=r.type, locations=list(r.locations), variable=r.variable, count=r.count)
    return sorted(merged.values(), key=lambda r: ([_loc_sort_key(x) for x in r.locations], r.type))


def _loc_sort_key(loc: str) -> tuple[str, int]:
    name, _, line = loc.rpartition(":")
    return (name, int(line) if line.isdigit() else 0)
