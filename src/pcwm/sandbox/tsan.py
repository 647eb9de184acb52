"""Parsing ThreadSanitizer logs into races located in the candidate's own source.

The sandbox runs TSan with `stack_trace_format='#%n|%f|%S|%l|%c|%M'` so each frame is `#n|function|file:line:col|
line|col|module`. A report's two accesses ("Write of size 4 ... by thread T1" / "Previous read ...") are each located
at the first frame that lies in one of the candidate's files (not the harness, the runtime or a system header).
One source race can produce dozens of raw reports; races are deduplicated by the unordered location pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pcwm.sandbox.result import Race

STACK_FORMAT = "#%n|%f|%S|%l|%c|%M"
_REPORT_START = "WARNING: ThreadSanitizer: data race"
_ACCESS = re.compile(r"^\s*(?:(Previous|Concurrent) )?(?:[Aa]tomic )?(read|write)\b", re.IGNORECASE)
_FRAME = re.compile(r"^#(\d+)\|([^|]*)\|([^|]*)\|(\d+)\|(\d+)\|")
_GLOBAL = re.compile(r"Location is (?:global|heap block|stack of)\s*'?([A-Za-z_][\w:.]*)?'?")


def split_reports(log_text: str) -> list[str]:
    """The data-race reports in a TSan log (other warning kinds, e.g. signal-unsafe calls, are ignored)."""
    blocks = log_text.split("==================")
    return [b for b in blocks if _REPORT_START in b]


def parse_report(report: str, candidate_files: Iterable[str]) -> Race | None:
    """One race from one report, or None when no access lies in the candidate's files."""
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
    accesses = accesses[:2]
    locs = sorted({loc for _, loc in accesses if loc}, key=_loc_sort_key)
    if not locs:
        return None
    kinds = {k for k, _ in accesses}
    race_type = "write/write race" if kinds == {"write"} else "read/write race"
    return Race(type=race_type, locations=locs, variable=variable)


def parse_log(log_text: str, candidate_files: Iterable[str]) -> tuple[list[Race], int]:
    """Deduplicated races of a whole log and the number of raw race reports."""
    files = list(candidate_files)
    reports = split_reports(log_text)
    return merge_races(r for r in (parse_report(x, files) for x in reports) if r is not None), len(reports)


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
