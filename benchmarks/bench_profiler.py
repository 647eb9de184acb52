"""Overhead of the OMPT work-% tool: each Caliper fixture program, plain vs under the tool (median of 5 runs).

Usage: python benchmarks/bench_profiler.py [--threads 4] [--runs 5]
The last column is the added time per parallel-region invocation (Caliper here: ~8 us per tiny region, 0-15 % on
coarse regions).
Reads the programs from $PCWM_SHARED_DATA/caliper-fixtures/programs (default ../shared/data), plus one of ours with
20000 tiny regions. The programs are our
own fixtures, so they run directly (not in the sandbox), to keep the sandbox's start-up cost out of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
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


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    tc = Toolchain.detect()
    tool = build_tool(tc.cc, tc.version)
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_NUM_THREADS": str(args.threads)}
    table = Table(
        title=f"OMPT work-% tool overhead, {args.threads} threads, median of {args.runs} "
        f"({len(os.sched_getaffinity(0))} cores, load {os.getloadavg()[0]:.1f})"
    )
    cols = ("program", "plain s", "with tool s", "overhead %", "regions", "invocations", "us / invocation")
    for col in cols:
        table.add_column(col, justify="left" if col == "program" else "right")
    with tempfile.TemporaryDirectory(prefix="pcwm-bench-") as tmp:
        for name in (*PROGRAMS, "many_tiny (ours)"):
            if name in PROGRAMS:
                src = SHARED / "caliper-fixtures" / "programs" / f"{name}.cpp"
            else:
                src = Path(tmp, "many_tiny.c")
                src.write_text(MANY_TINY)
            name = name.split()[0]
            exe = Path(tmp, name)
            subprocess.run([*tc.compiler_for(src), *PROFILE_FLAGS, str(src), "-o", str(exe)], check=True)
            out = Path(tmp, f"{name}.json")
            tool_env = {**base_env, "OMP_TOOL_LIBRARIES": str(tool), TOOL_ENV_OUT: str(out)}
            plain, traced = [], []
            for _ in range(args.runs):  # interleaved, so drifting machine load hits both sides alike
                plain.append(timed([str(exe)], base_env))
                traced.append(timed([str(exe)], tool_env))
            p, t = statistics.median(plain), statistics.median(traced)
            data = json.loads(out.read_text())
            calls = sum(r["invocations"] for r in data["regions"])
            table.add_row(
                name,
                f"{p:.3f}",
                f"{t:.3f}",
                f"{100 * (t - p) / p:+.1f}",
                str(len(data["regions"])),
                str(calls),
                f"{1e6 * (t - p) / calls:+.1f}" if calls >= 100 else "-",  # few coarse regions: noise
            )
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
