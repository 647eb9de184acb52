"""Reproducible host conditions for wall-clock measurements (work %, timings).

Wall-clock work % depends on how many cores a program gets and what else runs on them: a balanced loop at 4 threads
reads ~90 on a quiet 2-core box and ~77 on a busy one. To compare measurements taken on different machines (ours
against recorded Caliper outputs, or two hosts' datasets), measure under the same conditions:
`busy_host(cpus, spinners)` pins this thread and every process it starts to `cpus` CPUs and keeps `spinners`
CPU-bound processes running on the same CPUs for the duration.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager


@contextmanager
def busy_host(cpus: int = 2, spinners: int = 2, settle_s: float = 0.2) -> Iterator[set[int]]:
    """Pins the calling thread (children inherit it) to the first `cpus` available CPUs, runs `spinners` busy
    processes there, yields the CPU set, and restores everything afterwards."""
    before = os.sched_getaffinity(0)
    if cpus < 1 or spinners < 0:
        raise ValueError(f"cpus must be >= 1 and spinners >= 0, got {cpus} and {spinners}")
    if len(before) < cpus:
        raise ValueError(f"{cpus} CPUs requested, {len(before)} available to this process")
    pinned = set(sorted(before)[:cpus])
    os.sched_setaffinity(0, pinned)
    procs: list[subprocess.Popen] = []
    try:
        for _ in range(spinners):  # appended one by one: a failed start still ends the ones already running
            procs.append(subprocess.Popen([sys.executable, "-c", "while True: pass"], stdin=subprocess.DEVNULL))
        time.sleep(settle_s)
        yield pinned
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
        os.sched_setaffinity(0, before)


def within_spread(ours: Sequence[float], theirs: Sequence[float], slack: float = 3.0) -> bool:
    """Whether two sets of repeated measurements agree: their medians differ by no more than the two half-ranges of
    run-to-run spread (the ranges overlap when centred on the medians) plus `slack` points."""
    if not ours or not theirs:
        return False
    spread = (max(theirs) - min(theirs)) / 2 + (max(ours) - min(ours)) / 2
    return abs(statistics.median(ours) - statistics.median(theirs)) <= spread + slack
