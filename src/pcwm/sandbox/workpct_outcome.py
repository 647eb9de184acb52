"""Typed outcome of the work-% profiler, the paper's outcome text, and pairs of outcomes for comparison.

`WorkPctOutcome` is what `profiler.profile_program` returns: per parallel region (or Caliper annotation) and for the
whole program, the work % at each thread count (median, min, max over repeats, the oversubscription flag and the
host-independent estimate), plus host, flags and toolchain. See profiler.py for the definitions.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pcwm.sandbox.workpct_ompt import RegionRun
from pcwm.worldmodel.outcomes import RegionWork, render_workpct


@dataclass
class HostInfo:
    """What the measurements depend on: cores available to this process and how busy the machine was."""

    available_cores: int
    cpu_count: int
    loadavg: tuple[float, float, float]
    cpu_model: str
    host_id: str  # hash of node name, CPU model and core count (no raw host name in datasets)

    @classmethod
    def probe(cls) -> HostInfo:
        cores = len(os.sched_getaffinity(0))
        model = ""
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
            model = next(
                (ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")), ""
            )
        except OSError:
            pass
        ident = hashlib.sha256(f"{platform.node()}|{model}|{cores}".encode()).hexdigest()[:12]
        return cls(cores, os.cpu_count() or cores, tuple(round(x, 2) for x in os.getloadavg()), model, ident)


@dataclass
class PctStats:
    """Work % at one thread count over the repeats."""

    threads: int
    median: float | None
    min: float | None
    max: float | None
    values: list[float]
    oversubscribed: bool
    estimate: float | None = None  # host-independent estimate (median over repeats)

    @classmethod
    def of(cls, threads: int, runs: list[RegionRun | None], cores: int) -> PctStats:
        vals = [r.work_pct for r in runs if r is not None and r.work_pct is not None]
        ests = [r.est_work_pct for r in runs if r is not None and r.est_work_pct is not None]
        return cls(
            threads=threads,
            median=statistics.median(vals) if vals else None,
            min=min(vals) if vals else None,
            max=max(vals) if vals else None,
            values=vals,
            oversubscribed=threads > cores,
            estimate=statistics.median(ests) if ests else None,
        )


@dataclass
class RegionOutcome:
    """One parallel region (ompt) or annotated path (caliper): its code and its work % per thread count."""

    key: str
    snippet: str
    file: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    by_threads: dict[int, PctStats] = field(default_factory=dict)
    runs: dict[int, list[RegionRun | None]] = field(default_factory=dict)  # raw, one entry per repeat


@dataclass
class WorkPctOutcome:
    """Everything one profiling of one program produced, with its provenance."""

    program: str
    backend: str
    status: str
    threads: list[int]
    repeats: int
    host: HostInfo
    regions: list[RegionOutcome] = field(default_factory=list)
    total: RegionOutcome | None = None  # whole program
    annotations: list[RegionOutcome] = field(default_factory=list)  # ompt regions summed per CALI/REGION mark
    flags: list[str] = field(default_factory=list)
    toolchain: str = ""
    tool: str = ""  # which measuring tool, at which version: "pcwm_workpct <source hash>" or "caliper <commit>"
    valid: bool | None = None  # the harness's PCWM_CHECK verdict over all runs
    error: str | None = None
    compile_stderr: str = ""
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1)

    @classmethod
    def from_dict(cls, d: dict) -> WorkPctOutcome:
        def region(r: dict | None) -> RegionOutcome | None:
            if r is None:
                return None
            r = dict(r)
            r["by_threads"] = {int(t): PctStats(**s) for t, s in r["by_threads"].items()}
            r["runs"] = {int(t): [RegionRun(**x) if x else None for x in v] for t, v in r["runs"].items()}
            return RegionOutcome(**r)

        d = dict(d)
        h = dict(d["host"])
        h["loadavg"] = tuple(h["loadavg"])
        d["host"] = HostInfo(**h)
        d["regions"] = [region(r) for r in d["regions"]]
        d["annotations"] = [region(r) for r in d.get("annotations", [])]
        d["total"] = region(d.get("total"))
        return cls(**d)

    @classmethod
    def from_json(cls, text: str) -> WorkPctOutcome:
        return cls.from_dict(json.loads(text))


# ---------------------------------------------------------------- outputs


def answer_regions(outcome: WorkPctOutcome, threads: tuple[int, ...] | None = None, *,
                   value: str = "median") -> list[RegionWork]:
    """The outcome as the world model's answer: regions with a snippet and their measured (or estimated) work %."""
    regions = []
    for region in outcome.regions:
        if not region.snippet:
            continue
        pct = {}
        for t in threads or outcome.threads:
            s = region.by_threads.get(t)
            v = None if s is None else (s.median if value == "median" else s.estimate)
            if v is not None:
                pct[t] = v
        regions.append(RegionWork(snippet=region.snippet, work_pct=pct))
    return regions


def render_text(outcome: WorkPctOutcome, threads: tuple[int, ...] | None = None, *, value: str = "median") -> str:
    """The paper's outcome text (pcwm.worldmodel.outcomes format), one block per region; `value` is "median" or
    "estimate".

    A thread count without a measurement is left out of its region's block.
    """
    regions = answer_regions(outcome, threads, value=value)
    if not regions:
        return f"No parallel region measured ({outcome.status})."
    return render_workpct(regions)


@dataclass
class OutcomePair:
    """Two outcomes of the same problem measured under the same conditions, and their per-thread-count difference."""

    i: int
    j: int
    a: WorkPctOutcome
    b: WorkPctOutcome
    diff: dict[int, float | None]  # a - b, whole-program median work %
    estimate_diff: dict[int, float | None]


def conditions(o: WorkPctOutcome) -> tuple:
    """What must match for two outcomes to be compared: host (its id covers the cores available), thread counts,
    backend and the tool's version (a changed OMPT tool or another Caliper build counts differently), flags and
    compiler."""
    return (o.host.host_id, tuple(o.threads), o.backend, o.tool, tuple(o.flags), o.toolchain)


def make_pairs(outcomes: list[WorkPctOutcome]) -> list[OutcomePair]:
    """All pairs (i < j) of successful outcomes measured under the same conditions."""
    pairs = []
    for i, a in enumerate(outcomes):
        for j in range(i + 1, len(outcomes)):
            b = outcomes[j]
            if a.status != "ok" or b.status != "ok" or conditions(a) != conditions(b) or not a.total or not b.total:
                continue
            diff, est = {}, {}
            for t in a.threads:
                sa, sb = a.total.by_threads.get(t), b.total.by_threads.get(t)
                diff[t] = sa.median - sb.median if sa and sb and None not in (sa.median, sb.median) else None
                est[t] = sa.estimate - sb.estimate if sa and sb and None not in (sa.estimate, sb.estimate) else None
            pairs.append(OutcomePair(i, j, a, b, diff, est))
    return pairs


def sample_pairs(pairs: list[OutcomePair], k: int, key: str = "", seed: int = 0) -> list[OutcomePair]:
    """At most `k` distinct pairs drawn at random from `pairs` (all comparable pairs of one problem), spread over
    every candidate: each draw takes a pair whose candidates have been used least so far, ties broken by a shuffle
    seeded with `seed` and `key` (e.g. the problem id). With n candidates, k >= n/2 pairs use every candidate.
    Returned in (i, j) order; the same inputs, key and seed always give the same pairs."""
    import random
    from collections import Counter

    pool = list(pairs)
    random.Random(f"pcwm-pairs|{seed}|{key}").shuffle(pool)
    used: Counter = Counter()
    chosen = []
    while pool and len(chosen) < k:
        best = min(range(len(pool)), key=lambda n: (max(used[pool[n].i], used[pool[n].j]),
                                                    used[pool[n].i] + used[pool[n].j]))
        p = pool.pop(best)
        used[p.i] += 1
        used[p.j] += 1
        chosen.append(p)
    return sorted(chosen, key=lambda p: (p.i, p.j))
