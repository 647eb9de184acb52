"""DataRaceBench programs: labels from file names, annotated race pairs, and the documented "clean" subset.

The clean subset leaves out programs a thread-level dynamic tool such as TSan cannot decide (measured on this stack,
see the README of eval_suites/): target offload (runs on the host as one team), SIMD-lane races, races that need more
threads than a test machine runs, and input- or chance-dependent races.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pcwm.evals.benchmarks import locate

# DRB id -> why a thread-level dynamic tool cannot decide it. Target-offload programs are detected from the source.
UNDECIDABLE = {
    6: "race needs >= 36 threads (indirect index collisions)",
    7: "race needs >= 60 threads",
    8: "race needs >= 180 threads",
    24: "race between SIMD lanes, not threads",
    25: "race between SIMD lanes, not threads",
    138: "race between SIMD lanes, not threads",
    114: "parallel only if rand() % 2 (chance-dependent)",
    178: "race depends on input",
    179: "race depends on input (command-line argument)",
}
_TARGET = re.compile(r"#\s*pragma\s+omp\s+target\b")
_PAIR_LINE = re.compile(r"@(\d+):\d+:[RW]")
_NAME = re.compile(r"^DRB(\d{3})-.*-(yes|no)\.(c|cpp)$")


@dataclass
class DRBProgram:
    path: Path
    id: int
    has_race: bool
    offload: bool
    annotated_pairs: list[tuple[int, int]] = field(default_factory=list)
    plabels: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def excluded_reason(self) -> str | None:
        if self.offload:
            return "omp target offload (runs on the host as one team)"
        return UNDECIDABLE.get(self.id)

    @property
    def clean(self) -> bool:
        return self.excluded_reason is None


def load_programs(data_dir: str | Path | None = None) -> list[DRBProgram]:
    """All C/C++ DataRaceBench programs, sorted by id, with labels and annotations."""
    import json

    root = locate("dataracebench", data_dir)
    meta_path = root / "DRB-metainfo.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    progs = []
    for p in sorted(root.iterdir()):
        m = _NAME.match(p.name)
        if not m:
            continue
        text = p.read_text(errors="replace")
        progs.append(
            DRBProgram(
                path=p,
                id=int(m.group(1)),
                has_race=m.group(2) == "yes",
                offload=bool(_TARGET.search(text)),
                annotated_pairs=annotated_pairs(text),
                plabels=meta.get(p.name, {}).get("basicInfo", {}).get("Plabel", []),
            )
        )
    if not progs:
        raise FileNotFoundError(f"no DRBnnn-*-yes|no.c|cpp programs in {root}")
    return progs


def annotated_pairs(text: str) -> list[tuple[int, int]]:
    """Line pairs from the header's 'x@64:10:R vs. y@64:5:W' annotations (only lines that name two accesses)."""
    pairs = []
    for line in text.splitlines()[:120]:
        if " vs" not in line:
            continue
        lines = [int(x) for x in _PAIR_LINE.findall(line)]
        if len(lines) >= 2:
            pairs.append(tuple(sorted(lines[:2])))
    return pairs


def race_line_pairs(races: list[dict], file_name: str) -> set[tuple[int, int]]:
    """Unordered line pairs of reported races in `file_name` (a same-line race gives (l, l))."""
    out = set()
    for r in races:
        lines = [int(loc.rsplit(":", 1)[1]) for loc in r["locations"] if loc.rsplit(":", 1)[0] == file_name]
        if lines:
            out.add((min(lines), max(lines)))
    return out
