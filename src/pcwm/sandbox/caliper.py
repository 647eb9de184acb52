"""Real LLNL Caliper as a work-% backend, and parsers for Caliper's three OpenMP output formats.

Caliper is not on PyPI or Debian: `sandbox/install-caliper.sh` builds the pinned commit with OMPT into a cache
prefix that `find_caliper` looks in (after $PCWM_CALIPER_PREFIX, before `cali-query` on PATH). Caliper attributes
time to *annotated* regions, not to parallel constructs: user code marks a region with `CALI_MARK_BEGIN("name")` /
`CALI_MARK_END("name")` from `<caliper/cali.h>`, compiled with `-DWITH_CALI` and linked with `-lcaliper`. The
fixture programs (../shared/data/caliper-fixtures/programs/region.h) hide this behind REGION_BEGIN/REGION_END macros
that are no-ops without WITH_CALI, so the same source runs under both backends; `annotation_spans` finds these marks
(either spelling) so a Caliper path can be mapped back to the code it covers. A program without marks (every
LLM-written candidate) is annotated automatically by `auto_annotate`: each lexically outermost `#pragma omp
parallel` construct becomes a Caliper region named `<file>:<pragma line>`, so Caliper's paths and our OMPT tool's
regions describe the same code.

Formats (all three are in the fixtures):
- `openmp-report` text: one row per path, columns Path, #Threads, Time (thread), Time (total), Work %, Barrier %,
  Time (work), Time (barrier);
- `runtime-profile(openmp.times,openmp.efficiency,output.format=json)`: a JSON list, one object per path;
- `.cali` with `openmp.threads`: per-thread raw records, read with the `caliper-reader` package (values are strings).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pcwm import paths
from pcwm.sandbox.workpct_ompt import RegionRun, parallel_constructs

CALI_ENV = {"CALI_USE_OMPT": "1", "CALI_CALIPER_ATTRIBUTE_DEFAULT_SCOPE": "process"}
REPORT_COLUMNS = ("#Threads", "Time (thread)", "Time (total)", "Work %", "Barrier %", "Time (work)", "Time (barrier)")


def caliper_config(out_file: str) -> str:
    """One config per run (several configs in one run need the cfg(opt=..) form and disturb the numbers)."""
    return f"runtime-profile(openmp.times,openmp.efficiency,output={out_file},output.format=json)"


@dataclass(frozen=True)
class CaliperInstall:
    """A Caliper build with OMPT support: where its headers and library are."""

    prefix: Path

    @property
    def lib_dir(self) -> Path:
        for d in ("lib", "lib64"):
            if (self.prefix / d / "libcaliper.so").exists():
                return self.prefix / d
        return self.prefix / "lib"

    @property
    def version(self) -> str:
        """`caliper <commit>` for an install-caliper.sh build (from its stamp), else `caliper <prefix>`."""
        stamp = self.prefix / ".pcwm-caliper-stamp"
        found = re.search(r"commit=(\w+)", stamp.read_text()) if stamp.exists() else None
        return f"caliper {found.group(1) if found else self.prefix}"

    def compile_flags(self) -> list[str]:
        lib = str(self.lib_dir)
        return ["-DWITH_CALI", f"-I{self.prefix / 'include'}", f"-L{lib}", f"-Wl,-rpath,{lib}", "-lcaliper"]

    def run_env(self, threads: int, out_file: str) -> dict[str, str]:
        return {**CALI_ENV, "OMP_NUM_THREADS": str(threads), "CALI_CONFIG": caliper_config(out_file)}


# The Caliper commit sandbox/install-caliper.sh builds, and where it installs it by default.
CALIPER_COMMIT = "74e48659cc770053ec5e1fed817336c59aadb84c"


def default_prefix() -> Path:
    """sandbox/install-caliper.sh's default install prefix: <pcwm cache root>/caliper/<commit> (pcwm.paths)."""
    return paths.caliper_prefix(CALIPER_COMMIT)


def find_caliper() -> CaliperInstall | None:
    """The Caliper to use: $PCWM_CALIPER_PREFIX when set (and nothing else), else install-caliper.sh's default
    prefix, else the prefix of `cali-query` on PATH; None when none of them holds Caliper's headers."""
    configured = os.environ.get("PCWM_CALIPER_PREFIX")
    if configured:
        candidates = [Path(configured)]
    else:
        query = shutil.which("cali-query")
        candidates = [default_prefix(), *([Path(query).resolve().parent.parent] if query else [])]
    for prefix in candidates:
        if (prefix / "include" / "caliper" / "cali.h").exists():
            return CaliperInstall(prefix)
    return None


@dataclass
class CaliperRow:
    """One annotated path from an openmp-report or a runtime-profile JSON."""

    path: str
    work_pct: float
    barrier_pct: float
    time_work: float
    time_barrier: float
    threads: int | None = None
    time_thread: float | None = None
    time_total: float | None = None
    depth: int = 0  # nesting depth (indentation in the text report)

    def to_region_run(self, leaf: bool = True) -> RegionRun:
        """Caliper's Time (work) and Time (barrier) both hold time spent in a sync region nested in work (taskwait in
        a single, tasks run in a barrier): its Work % divides by the time in either, once. For a leaf path that
        denominator is Time (work) / Work %; a parent's Work % is inclusive of its children, its times are not."""
        busy = None
        if leaf and self.work_pct > 0:
            busy = 100.0 * self.time_work / self.work_pct
        elif leaf:
            busy = self.time_barrier
        return RegionRun(key=self.path, work_s=self.time_work, sync_s=self.time_barrier, work_pct=self.work_pct,
                         busy_s=busy)


def region_runs(rows: list[CaliperRow]) -> list[RegionRun]:
    """RegionRuns of one Caliper profile, with Caliper's own work-% denominator where it can be recovered."""
    return [r.to_region_run(leaf=not any(o.path.startswith(r.path + "/") for o in rows)) for r in rows]


def parse_openmp_report(text: str) -> list[CaliperRow]:
    """Rows of `openmp-report` text output (the header is checked; paths may be indented by nesting)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines or not lines[0].lstrip().startswith("Path") or any(c not in lines[0] for c in REPORT_COLUMNS):
        raise ValueError("not a Caliper openmp-report: header missing")
    rows = []
    for ln in lines[1:]:
        toks = ln.split()
        if len(toks) < 8:
            raise ValueError(f"openmp-report row with {len(toks)} fields: {ln!r}")
        nums = toks[-7:]
        rows.append(
            CaliperRow(
                path=" ".join(toks[:-7]),
                depth=(len(ln) - len(ln.lstrip())) // 2,
                threads=int(nums[0]),
                time_thread=float(nums[1]),
                time_total=float(nums[2]),
                work_pct=float(nums[3]),
                barrier_pct=float(nums[4]),
                time_work=float(nums[5]),
                time_barrier=float(nums[6]),
            )
        )
    return rows


def report_work_pcts(files: Iterable[str | Path]) -> dict[str, list[float]]:
    """Work % per Caliper path over several `openmp-report` text files (repeats of one measurement), in file order."""
    values: dict[str, list[float]] = {}
    for f in files:
        for row in parse_openmp_report(Path(f).read_text()):
            values.setdefault(row.path, []).append(row.work_pct)
    return values


def parse_profile_json(text: str) -> list[CaliperRow]:
    """Rows of a runtime-profile JSON with openmp.efficiency; entries without OpenMP columns are skipped."""
    rows = []
    for obj in json.loads(text):
        if "Work %" not in obj:
            continue
        rows.append(
            CaliperRow(
                path=str(obj.get("path", "")),
                work_pct=float(obj["Work %"]),
                barrier_pct=float(obj.get("Barrier %", 100.0 - float(obj["Work %"]))),
                time_work=float(obj.get("Time (work)", 0.0)),
                time_barrier=float(obj.get("Time (barrier)", 0.0)),
                time_total=float(obj["time"]) if "time" in obj else None,
            )
        )
    return rows


@dataclass
class CaliperThreadsRegion:
    """Per-thread OpenMP times of one annotated path from a `.cali` file (openmp.threads)."""

    path: str
    # {thread_id, type, work_s, sync_s, time_s}; thread_id "2", or "1/0" for thread 0 of a team nested in thread 1
    threads: list[dict] = field(default_factory=list)
    team_size: int | None = None

    @property
    def work_s(self) -> float:
        return sum(t["work_s"] for t in self.threads)

    @property
    def sync_s(self) -> float:
        return sum(t["sync_s"] for t in self.threads)

    @property
    def work_pct(self) -> float | None:
        """Work / (work + sync) over the threads' records. A sync region nested in work (a taskwait in a single,
        tasks run in a barrier) sits in both sums, as in the profile's Time (work) and Time (barrier), so for such
        regions this reads lower than Caliper's own Work % (see CaliperRow.to_region_run, which labels use); the
        per-thread records do not say how much of the sync was nested."""
        tot = self.work_s + self.sync_s
        return 100.0 * self.work_s / tot if tot > 0 else None


def parse_threads_cali(path: str | Path) -> dict[str, CaliperThreadsRegion]:
    """Per-path, per-thread work/sync times from a `.cali` file; needs `caliper-reader` (pip extra `caliper`)."""
    import caliperreader  # optional dependency, imported on use

    reader = caliperreader.CaliperReader()
    reader.read(str(path))
    out: dict[str, CaliperThreadsRegion] = {}
    for rec in reader.records:
        if "omp.thread.id" not in rec or "sum#t.omp.work" not in rec and "sum#t.omp.sync" not in rec:
            continue
        p = rec.get("path", "")
        key = "/".join(p) if isinstance(p, list) else str(p)
        region = out.setdefault(key, CaliperThreadsRegion(path=key))
        region.threads.append(
            {
                "thread_id": _thread_id(rec["omp.thread.id"]),
                "type": rec.get("omp.thread.type"),
                "work_s": float(rec.get("sum#t.omp.work", 0.0)),
                "sync_s": float(rec.get("sum#t.omp.sync", 0.0)),
                "time_s": float(rec.get("sum#sum#time.duration", 0.0)),
            }
        )
        if "max#n.omp.threads" in rec:
            region.team_size = max(region.team_size or 0, int(rec["max#n.omp.threads"]))
    for region in out.values():
        region.threads.sort(key=lambda t: [int(x) for x in t["thread_id"].split("/")])
    return out


def _thread_id(value: str | list[str]) -> str:
    return "/".join(value) if isinstance(value, list) else str(value)


_MARK = re.compile(r'\b(?:CALI_MARK|REGION)_(BEGIN|END)\s*\(\s*"([^"]+)"\s*\)')


def annotation_spans(source: str) -> dict[str, tuple[int, int]]:
    """{name: (first line, last line)} of the code between each BEGIN("name") and END("name") mark (1-based)."""
    open_at: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for k, line in enumerate(source.splitlines(), start=1):
        for kind, name in _MARK.findall(line):
            if kind == "BEGIN":
                open_at[name] = k
            elif name in open_at:
                spans[name] = (open_at.pop(name) + 1, k - 1)
    return spans


def auto_annotate(source: str, file_name: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """`source` with a Caliper region around each lexically outermost parallel construct, and {region: line span}.

    The region is named `<file_name>:<pragma line>` and opened only when the construct is reached outside any
    parallel region (`omp_in_parallel()`): a function with a parallel construct that is called from inside another
    parallel region would otherwise open the same process-scope region from several threads at once, which Caliper
    cannot nest. Such calls are then counted in the caller's region, as Caliper would do with manual marks there.
    `#line` directives keep every original line at its own number, so compiler messages, debug info and race reports
    still point into the user's file. A source without parallel constructs is returned unchanged.
    """
    constructs = parallel_constructs(source)
    if not constructs:
        return source, {}
    text = source if source.endswith("\n") else source + "\n"
    pieces, spans, last = ["#include <caliper/cali.h>\n#include <omp.h>\n#line 1\n"], {}, 0
    for start, end, first, final in constructs:
        name, flag = f"{file_name}:{first}", f"pcwm_cali_{first}"
        pieces += [
            text[last:start],
            f'{{ const int {flag} = !omp_in_parallel(); if ({flag}) cali_begin_region("{name}");\n#line {first}\n',
            text[start:end],
            f'\nif ({flag}) cali_end_region("{name}"); }}\n#line {final}\n',
        ]
        spans[name] = (first, final)
        last = end
    pieces.append(text[last:])
    return "".join(pieces), spans
