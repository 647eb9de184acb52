"""Overhead of the work-% profiler: each Caliper fixture program plain, under our OMPT tool and under real Caliper.

Usage: python benchmarks/bench_profiler.py [--threads 4] [--runs 5] [--cpu]
       python benchmarks/bench_profiler.py --agreement [--spinners 0,1,2] [--threads 4] [--runs 5]
--agreement prints, instead, our work % next to the fixtures' real Caliper numbers for each fixture region, measured
under pcwm.sandbox.loadgen.busy_host(2 CPUs, N spinners) for each N: how agreement depends on host load.
The "us/inv" columns are the added time per parallel-region invocation. Caliper (bash sandbox/install-caliper.sh) runs
with the caliper backend's config (runtime-profile with openmp.times/efficiency, JSON); without it its columns are "-".
Reads the programs from $PCWM_SHARED_DATA/caliper-fixtures/programs (default ../shared/data), plus one of ours with
20000 tiny regions. The programs are our own fixtures, so they run directly (not in the sandbox), to keep the
sandbox's start-up cost out of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pcwm.sandbox.profiler import PROFILE_FLAGS
from pcwm.sandbox.toolchain import Toolchain
from pcwm.sandbox.workpct_ompt import TOOL_ENV_OUT, build_tool

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PCWM_SHARED_DATA", REPO.parent / "shared" / "data"))
PROGRAMS = ("good_for", "imbalance", "critical", "tiny")
# Our own: 20000 parallel regions of ~1 us each, so the cost per invocation stands out of the run-to-run noise.
MANY_TINY = r"""
#include <stdio.h>
int main(void) {
  static double a[256];
  for (int r = 0; r < 20000; r++) {
#pragma omp parallel for
    for (int i = 0; i < 256; i++) a[i] = a[i] * 1.0001 + 1e-3;
  }
  printf("%g\\n", a[0]);
  return 0;
}
"""


def timed(argv: list[str], env: dict[str, str], cpu: bool = False) -> float:
    """Wall seconds of one run, or with `cpu` the CPU seconds (user + system) the run's processes used."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) if cpu else wall


FIXTURE_PATHS = {"good_for": ["good_for"], "imbalance": ["imbalance"], "critical": ["critical"],
                 "tiny": ["tiny_regions", "nested"]}


def agreement(threads: int, runs: int, spinners: list[int]) -> None:
    from pcwm.sandbox import caliper as cali
    from pcwm.sandbox.loadgen import busy_host, within_spread
    from pcwm.sandbox.profiler import profile_program

    fixtures = SHARED / "caliper-fixtures"
    table = Table(title=f"ours vs real Caliper (fixtures), {threads} threads, {runs} runs, 2 CPUs + N spinners")
    for col in ("region", "Caliper median [range]", *(f"N={n}" for n in spinners)):
        table.add_column(col, justify="left" if col == "region" else "right")
    theirs: dict[str, list[float]] = {}
    for prog in FIXTURE_PATHS:
        stem = f"{prog}_T{threads}"
        names = [f"{stem}.openmp-report.txt", *(f"{stem}_r{k}.openmp-report.txt" for k in (1, 2, 3))]
        theirs.update(cali.report_work_pcts(fixtures / name for name in names))
    ours: dict[tuple[str, int], list[float]] = {}
    for n in spinners:
        with busy_host(cpus=2, spinners=n):
            for prog in FIXTURE_PATHS:
                outcome = profile_program(fixtures / "programs" / f"{prog}.cpp", threads=(threads,), repeats=runs)
                for a in outcome.annotations:
                    ours[(a.key, n)] = a.by_threads[threads].values

    def cell(v: list[float], mark: str = "") -> str:
        return f"{statistics.median(v):.1f} [{min(v):.1f}-{max(v):.1f}]{mark}" if v else "-"

    for path in [p for paths in FIXTURE_PATHS.values() for p in paths]:
        t = theirs.get(path, [])
        row = [cell(t)]
        for n in spinners:
            v = ours.get((path, n), [])
            row.append(cell(v, "" if within_spread(v, t) else " x"))
        table.add_row(path, *row)
    Console(width=160).print(table)
    Console(width=160).print("x: outside the run-to-run spread + 3 points (the rule of the agreement test)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--agreement", action="store_true", help="ours vs the fixtures' Caliper numbers under load")
    ap.add_argument("--spinners", default="0,1,2", help="with --agreement: spinner counts, e.g. 0,1,2")
    ap.add_argument("--cpu", action="store_true",
                    help="overhead in CPU seconds with OMP_WAIT_POLICY=passive (idle threads sleep, so the figure is "
                    "the tools' own work and hardly moves with other load on the host); default: wall seconds")
    args = ap.parse_args()
    if args.agreement:
        agreement(args.threads, args.runs, [int(x) for x in args.spinners.split(",")])
        return
    overhead(args.threads, args.runs, args.cpu)


def overhead(threads: int, runs: int, cpu: bool = False) -> None:
    """Wall time of each program plain, under our tool and under Caliper (when installed), interleaved."""
    from pcwm.sandbox import caliper as cali

    tc = Toolchain.detect()
    tool = build_tool(tc.cc, tc.version)
    install = cali.find_caliper()
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_NUM_THREADS": str(threads)}
    if cpu:
        base_env["OMP_WAIT_POLICY"] = "passive"
    table = Table(
        title=f"work-% profiler overhead ({'CPU s, passive waiting' if cpu else 'wall s'}), {threads} threads, "
        f"median of {runs} "
        f"({len(os.sched_getaffinity(0))} cores, load {os.getloadavg()[0]:.1f}); Caliper: "
        + (str(install.prefix) if install else "not installed (bash sandbox/install-caliper.sh)")
    )
    cols = ("program", "plain s", "ours s", "Caliper s", "ours %", "Caliper %", "invocations", "ours us/inv",
            "Caliper us/inv")
    for col in cols:
        table.add_column(col, justify="left" if col == "program" else "right")
    with tempfile.TemporaryDirectory(prefix="pcwm-bench-") as tmp:
        for name in (*PROGRAMS, "many_tiny", "many_tiny_auto"):
            src, cali_src = _sources(name, Path(tmp), cali)
            exe, cali_exe = Path(tmp, name), Path(tmp, f"{name}-cali")
            inc = [f"-I{src.parent}"]
            subprocess.run([*tc.compiler_for(src), *PROFILE_FLAGS, str(src), *inc, "-o", str(exe)], check=True)
            if install:
                cmd = [*tc.compiler_for(cali_src), *PROFILE_FLAGS, str(cali_src), *inc, *install.compile_flags()]
                subprocess.run([*cmd, "-o", str(cali_exe)], check=True)
            out = Path(tmp, f"{name}.json")
            envs = {"plain": base_env, "ours": {**base_env, "OMP_TOOL_LIBRARIES": str(tool), TOOL_ENV_OUT: str(out)}}
            if install:
                envs["caliper"] = {**base_env, **install.run_env(threads, str(Path(tmp, f"{name}-cali.json")))}
            times: dict[str, list[float]] = {k: [] for k in envs}
            for _ in range(runs):  # interleaved, so drifting machine load hits all sides alike
                for kind, env in envs.items():
                    times[kind].append(timed([str(cali_exe if kind == "caliper" else exe)], env, cpu))
            calls = sum(r["invocations"] for r in json.loads(out.read_text())["regions"])
            table.add_row(name, *_overhead_cells(times, calls))
    Console(width=160).print(table)
    Console(width=160).print("many_tiny: one Caliper mark around the loop (Caliper's own cost per region); "
                             "many_tiny_auto: marks as the caliper backend adds them, one pair per region invocation")


def _overhead_cells(times: dict[str, list[float]], calls: int) -> list[str]:
    med = {k: statistics.median(v) for k, v in times.items()}
    plain = med["plain"]

    def cells(kind: str) -> tuple[str, str, str]:
        if kind not in med:
            return "-", "-", "-"
        per_call = f"{1e6 * (med[kind] - plain) / calls:+.1f}" if calls >= 100 else "-"  # few coarse regions: noise
        return f"{med[kind]:.3f}", f"{100 * (med[kind] - plain) / plain:+.1f}", per_call

    (o_s, o_pct, o_call), (c_s, c_pct, c_call) = cells("ours"), cells("caliper")
    return [f"{plain:.3f}", o_s, c_s, o_pct, c_pct, str(calls), o_call, c_call]


def _sources(name: str, tmp: Path, cali) -> tuple[Path, Path]:
    """(plain source, source for the Caliper build) of one benchmark program."""
    if name in PROGRAMS:  # the fixtures carry REGION marks that are no-ops without -DWITH_CALI
        src = SHARED / "caliper-fixtures" / "programs" / f"{name}.cpp"
        return src, src
    src = tmp / "many_tiny.c"
    src.write_text(MANY_TINY)
    cali_src = tmp / f"{name}-cali.c"
    if name == "many_tiny_auto":
        cali_src.write_text(cali.auto_annotate(MANY_TINY, "many_tiny.c")[0])
    else:
        marked = MANY_TINY.replace("  for (int r", '  cali_begin_region("many_tiny");\n  for (int r', 1)
        marked = marked.replace('  printf("%g', '  cali_end_region("many_tiny");\n  printf("%g', 1)
        cali_src.write_text("#include <caliper/cali.h>\n" + marked)
    return src, cali_src


if __name__ == "__main__":
    main()
