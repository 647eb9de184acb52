"""Sandbox throughput on DataRaceBench: pcwm (cold and warm cache) vs a naive sequential compile-and-run loop.

The naive loop uses the same compiler, flags, TSan options, thread counts and per-run timeout, but no pool, no cache
and no containment. Prints a table; figures vary with machine load, so run it on a quiet machine.

    python benchmarks/bench_sandbox.py [--limit N] [--threads 4,8,2] [--timeout 10] [--jobs 0]
    python benchmarks/bench_sandbox.py --cold-only      # only the pcwm cold pass (before/after comparisons)
    python benchmarks/bench_sandbox.py --per-run 100    # containment overhead: /bin/true through run_contained
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pcwm.evals.drb import load_programs
from pcwm.sandbox import Program, RunPlan, run_many
from pcwm.sandbox.cache import ResultCache
from pcwm.sandbox.toolchain import Toolchain, verify_archer


def naive_loop(paths: list[Path], plan: RunPlan, toolchain: Toolchain) -> float:
    """Compile each program once and run it at each thread count, one program after another."""
    t0 = time.monotonic()
    for p in paths:
        with tempfile.TemporaryDirectory(prefix="pcwm-naive-") as tmp:
            exe = Path(tmp, "prog")
            comp = subprocess.run(
                [*toolchain.compiler_for(p), *plan.flags, str(p), "-o", str(exe), "-lm", f"-I{p.parent}"],
                capture_output=True, check=False,
            )
            if comp.returncode != 0:
                continue
            for threads in plan.schedule():
                env = dict(os.environ, OMP_NUM_THREADS=str(threads), TSAN_OPTIONS=plan.tsan_options(tmp))
                if plan.omp_wait_policy:
                    env["OMP_WAIT_POLICY"] = plan.omp_wait_policy
                try:
                    subprocess.run([str(exe)], cwd=tmp, env=env, capture_output=True, timeout=plan.timeout_s,
                                   stdin=subprocess.DEVNULL, check=False)
                except subprocess.TimeoutExpired:
                    pass
    return time.monotonic() - t0


def pcwm_pass(paths: list[Path], plan: RunPlan, cache: ResultCache, jobs: int | None) -> float:
    t0 = time.monotonic()
    run_many([Program.from_path(p) for p in paths], plan, jobs=jobs, cache=cache)
    return time.monotonic() - t0


def per_run_overhead(n: int) -> None:
    """Median and p90 wall time of `/bin/true` through run_contained (cgroup, confinement, supervision, clean-up)."""
    import statistics

    from pcwm.sandbox.contain import Limits, run_contained

    with tempfile.TemporaryDirectory(prefix="pcwm-bench-run-") as tmp:
        run_contained(["/bin/true"], cwd=tmp, limits=Limits(timeout_s=30))  # warm-up (probes, helper build)
        times = []
        for _ in range(n):
            t0 = time.monotonic()
            run_contained(["/bin/true"], cwd=tmp, limits=Limits(timeout_s=30))
            times.append(time.monotonic() - t0)
    times.sort()
    print(f"run_contained(/bin/true) x{n}: median {statistics.median(times) * 1000:.1f} ms, "
          f"p90 {times[int(0.9 * (n - 1))] * 1000:.1f} ms, load {os.getloadavg()[0]:.2f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="first N DRB programs (0 = all 208)")
    ap.add_argument("--threads", default="4,8,2")
    ap.add_argument("--timeout", type=float, default=10.0, help="per-run wall-clock limit, seconds")
    ap.add_argument("--jobs", type=int, default=0, help="pcwm workers (0 = one per core)")
    ap.add_argument("--cold-only", action="store_true",
                    help="only the pcwm cold-cache pass (for before/after comparisons of the sandbox's cost)")
    ap.add_argument("--per-run", type=int, default=0, metavar="N",
                    help="only time N runs of /bin/true through the containment (overhead per run)")
    args = ap.parse_args(argv)
    if args.per_run:
        per_run_overhead(args.per_run)
        return

    programs = load_programs()
    if args.limit:
        programs = programs[: args.limit]
    paths = [p.path for p in programs]
    plan = RunPlan(threads=tuple(int(x) for x in args.threads.split(",")), timeout_s=args.timeout)
    toolchain = Toolchain.detect()
    verify_archer(toolchain)
    with tempfile.TemporaryDirectory(prefix="pcwm-bench-cache-") as cache_dir:
        cache = ResultCache(cache_dir)
        if args.cold_only:
            cold = pcwm_pass(paths, plan, cache, args.jobs or None)
            print(f"pcwm cold cache: {len(paths)} programs in {cold:.2f} s ({cold / len(paths):.3f} s/program), "
                  f"load {os.getloadavg()[0]:.2f}")
            return
        naive = naive_loop(paths, plan, toolchain)
        cold = pcwm_pass(paths, plan, cache, args.jobs or None)
        warm = pcwm_pass(paths, plan, cache, args.jobs or None)

    table = Table(title=f"DataRaceBench sandbox pass: {len(paths)} programs, threads {args.threads}, "
                        f"timeout {args.timeout:g}s, {len(os.sched_getaffinity(0))} cores, "
                        f"load {os.getloadavg()[0]:.1f}")
    for col in ("mode", "wall s", "programs/s", "speed-up vs naive"):
        table.add_column(col, justify="right")
    for name, secs in (("naive sequential loop", naive), ("pcwm cold cache", cold), ("pcwm warm cache", warm)):
        table.add_row(name, f"{secs:.2f}", f"{len(paths) / secs:.1f}", f"{naive / secs:.2f}x")
    Console().print(table)


if __name__ == "__main__":
    sys.exit(main())
