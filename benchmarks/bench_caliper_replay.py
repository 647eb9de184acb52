"""Same-run check of our work-% definition against Caliper's: both applied to ONE Caliper event trace.

Usage: python benchmarks/bench_caliper_replay.py [--runs 8] [--threads 2,4] [--programs good_for,imbalance,...]
                                                [--seeds 32]
A/B runs (bench_caliper_calibration.py) compare two different runs, so they mix three things: a difference in what is
counted, Caliper's effect on the run it measures, and host noise. Here each run of the Caliper-annotated program is
recorded with Caliper's own event trace (services event, ompt, timer, trace, recorder: one snapshot per OMPT
work/sync begin/end, as runtime-profile takes them), then
- "Caliper rule": openmp.times/openmp.efficiency's aggregation on that trace (time with omp.work open / time with
  omp.work or omp.sync open, per path, all threads);
- "our rule": the rules of our tool (sandbox/ompt/pcwm_workpct.c) on the same snapshots: outermost work and sync
  intervals per thread, overlap counted once as work, a wait that ends in another path charged to the path of the
  thread's next work/sync begin (the region that woke it), a wait that never ends not counted.
Their difference is the definitional difference alone. Interleaved with each trace run, the same binary runs with
the caliper backend's runtime-profile config: "Caliper rp - trace" is what Caliper's aggregation costs inside the
intervals it times (the trace service does almost nothing per snapshot, the aggregation service a hash update).
Programs: the Caliper fixtures ($PCWM_SHARED_DATA/caliper-fixtures/programs) and, with --seeds, seed-bank
implementations as bench_caliper_calibration.py picks them (default size, auto-annotated). Needs Caliper
(install-caliper.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench_caliper_calibration import pick_seed_impls
from pcwm.sandbox import caliper as cali
from pcwm.sandbox.profiler import PROFILE_FLAGS, as_program, compile_for, run_measured
from pcwm.sandbox.toolchain import Toolchain

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PCWM_SHARED_DATA", REPO.parent / "shared" / "data"))
TRACE_ENV = {"CALI_SERVICES_ENABLE": "event,ompt,timer,trace,recorder", "CALI_RECORDER_FILENAME": "trace.cali"}


def caliper_rule(recs: list[dict]) -> dict[str, float]:
    work, total = Counter(), Counter()
    for r in recs:
        d, path = r["time.duration.ns"], r.get("path", "")
        work[path] += d if "omp.work" in r else 0
        total[path] += d if "omp.work" in r or "omp.sync" in r else 0
    return {p: 100.0 * work[p] / total[p] for p in total if p and total[p] > 0}


def per_thread(recs: list[dict]) -> list[list[dict]]:
    """The trace holds each thread's snapshots in order, a thread starting at its omp.thread.type begin."""
    threads: list[list[dict]] = []
    for r in recs:
        if "event.begin#omp.thread.type" in r:
            threads.append([])
        if threads:
            threads[-1].append(r)
    return threads


def our_rule(recs: list[dict]) -> dict[str, float]:
    work, sync = Counter(), Counter()
    for th in per_thread(recs):
        wd = sd = 0
        w0 = s0 = overlap = 0
        wpath = spath = ""
        in_sync = s_in_w = False
        pending = 0  # a wait that ended in another path: charged at the thread's next work/sync begin
        for r in th:
            t, path = r["time.offset.ns"], r.get("path", "")
            if pending and ("event.begin#omp.work" in r or "event.begin#omp.sync" in r):
                sync[path] += pending
                pending = 0
            if "event.begin#omp.work" in r:
                if wd == 0:
                    w0, wpath, in_sync = t, path, sd > 0
                wd += 1
            elif "event.end#omp.work" in r and wd > 0:
                wd -= 1
                if wd == 0:
                    work[wpath] += t - w0
                    overlap += t - w0 if in_sync else 0
            elif "event.begin#omp.sync" in r:
                if sd == 0:
                    s0, spath, s_in_w, overlap = t, path, wd > 0, 0
                sd += 1
            elif "event.end#omp.sync" in r and sd > 0:
                sd -= 1
                if sd == 0 and not s_in_w:
                    if path == spath:
                        sync[spath] += t - s0 - overlap
                    else:
                        pending = t - s0 - overlap
    return {p: 100.0 * work[p] / (work[p] + sync[p]) for p in work | sync if p and work[p] + sync[p] > 0}


def run_once(build, args, env: dict, install) -> tuple[dict, dict, dict]:
    """(runtime-profile Work % per path, Caliper rule on a trace, our rule on the same trace)."""
    out = build.work / "rp.json"
    res = run_measured(build, args, {**env, "CALI_CONFIG": cali.caliper_config(str(out))}, 300)
    if res.returncode != 0:
        raise RuntimeError(f"runtime-profile run failed: {res.stderr[-300:]}")
    rp = {r.path: r.work_pct for r in cali.parse_profile_json(out.read_text()) if r.path}
    trace = build.work / "trace.cali"
    trace.unlink(missing_ok=True)
    res = run_measured(build, args, {**env, **TRACE_ENV}, 300)
    if res.returncode != 0 or not trace.exists():
        raise RuntimeError(f"trace run failed: {res.stderr[-300:]}")
    q = subprocess.run([str(install.prefix / "bin" / "cali-query"), "-q", "select * format json", str(trace)],
                       capture_output=True, text=True, check=True)
    recs = json.loads(q.stdout)
    return rp, caliper_rule(recs), our_rule(recs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--threads", default="2,4")
    ap.add_argument("--programs", default="critical,good_for,imbalance,tiny")
    ap.add_argument("--seeds", type=int, default=0, help="also this many seed implementations")
    args = ap.parse_args()
    install = cali.find_caliper()
    if install is None:
        raise SystemExit("no Caliper found: run bash sandbox/install-caliper.sh first")
    toolchain = Toolchain.detect()
    table = Table(title=f"one Caliper trace per run, {args.runs} runs; load {os.getloadavg()[0]:.1f} at start")
    for col in ("program", "T", "path", "Caliper rp", "Caliper rule (trace)", "our rule (same trace)",
                "|rules| med", "|rules| max", "rp - trace"):
        table.add_column(col, justify="left" if col in ("program", "path") else "right")
    todo = [(n, as_program(SHARED / "caliper-fixtures" / "programs" / f"{n}.cpp")) for n in args.programs.split(",")]
    todo += [(f"{i.parts[-4]}/{i.parts[-3]}/{i.stem}", as_program(i, harness=i.parent.parent))
             for i in pick_seed_impls(args.seeds)]
    worst = 0.0
    for name, program in todo:
        with tempfile.TemporaryDirectory(prefix="pcwm-replay-") as tmp:
            build = compile_for(Path(tmp), program, toolchain, install, PROFILE_FLAGS, 120)
            if build.result.returncode != 0:
                raise SystemExit(f"{name}: compile failed: {build.result.stderr[-400:]}")
            for t in (int(x) for x in args.threads.split(",")):
                env = {**cali.CALI_ENV, "OMP_NUM_THREADS": str(t)}
                runs = [run_once(build, program.args, env, install) for _ in range(args.runs)]
                for path in sorted(runs[0][1]):
                    rp, cr, ours = ([r[i][path] for r in runs if path in r[i]] for i in range(3))
                    diffs = [abs(a - b) for r in runs if path in r[1] and path in r[2]
                             for a, b in [(r[1][path], r[2][path])]]
                    worst = max(worst, *diffs)
                    table.add_row(name, str(t), path, f"{statistics.median(rp):.1f}", f"{statistics.median(cr):.1f}",
                                  f"{statistics.median(ours):.1f}", f"{statistics.median(diffs):.2f}",
                                  f"{max(diffs):.2f}", f"{statistics.median(rp) - statistics.median(cr):+.1f}")
    table.caption = (f"largest |Caliper rule - our rule| in any run: {worst:.3f} points; load "
                     f"{os.getloadavg()[0]:.1f} at end; Caliper {install.version}")
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
