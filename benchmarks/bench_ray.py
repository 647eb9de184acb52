"""The same sandbox workload locally and on Ray (one node; two nodes on this machine): wall time and the overhead
per candidate. Every pass starts from an empty pcwm cache, so each one compiles and runs everything.

Two workloads:
- `batch`: `run_many` over DataRaceBench programs (the sandbox's batch layer: local pool vs one Ray task each);
- `pipeline`: `pcwm generate` on the offline recipe (local pipeline vs distilabel's RayPipeline).

A Ray pipeline run pays a fixed start-up (connecting, probing each node's toolchain, one actor per step and one for
the run's queues) and then the local run's cost per candidate: run two `--seeds` sizes to tell them apart.
Cluster start-up is timed apart (it is paid once per allocation, not per candidate). The local pool and the Ray
cluster get the same number of CPUs. Figures vary with machine load: the load average is printed with the table.

    python benchmarks/bench_ray.py [--limit 40] [--seeds 2] [--cpus 2] [--only batch|pipeline]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pcwm.cluster.local import LocalCluster
from pcwm.evals.drb import load_programs
from pcwm.sandbox import Program, RunPlan, run_many
from pcwm.sandbox.batch import use_cluster
from pcwm.sandbox.cache import ResultCache

REPO = Path(__file__).resolve().parents[1]
PLAN = RunPlan(threads=(4, 8, 2), timeout_s=10)


def _node_env() -> dict:
    path = os.environ.get("PYTHONPATH", "")
    return {"PYTHONPATH": str(REPO / "src") + (os.pathsep + path if path else ""), "OMP_NUM_THREADS": "1"}


def batch_pass(paths: list[Path], jobs: int, address: str | None) -> float:
    with tempfile.TemporaryDirectory(prefix="pcwm-bench-ray-") as tmp, use_cluster(address):
        t0 = time.monotonic()
        run_many([Program.from_path(p) for p in paths], PLAN, jobs=jobs, cache=ResultCache(Path(tmp) / "c"))
        return time.monotonic() - t0


def pipeline_pass(seeds: int, cpus: int, cluster: LocalCluster | None, nodes: int) -> tuple[float, int]:
    """`pcwm generate` (offline recipe) in a subprocess with a fresh cache; (wall s, candidates)."""
    with tempfile.TemporaryDirectory(prefix="pcwm-bench-ray-") as tmp:
        engine = "ray" if cluster else "local"
        jobs, replicas = (cpus, 1) if nodes <= 1 else (max(1, cpus // nodes), nodes)
        cmd = [sys.executable, "-m", "pcwm.cli", "generate", "--recipe", str(REPO / "recipes/generate/offline.yaml"),
               "--limit", str(seeds), "--set", f"sandbox.jobs={jobs}", "--set", f"sandbox.replicas={replicas}",
               "--set", f"run.engine={engine}", "--out", f"{tmp}/out", "--json"]
        env = {**os.environ, **_node_env(), "PCWM_CACHE_DIR": f"{tmp}/pcwm", "DISTILABEL_CACHE_DIR": f"{tmp}/dl"}
        env.pop("RAY_ADDRESS", None)
        if cluster:
            env.update(cluster.driver_env)
        t0 = time.monotonic()
        res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
        wall = time.monotonic() - t0
        if res.returncode != 0:
            raise SystemExit(f"{engine} pipeline failed: {res.stderr[-3000:]}")
        return wall, json.loads(res.stdout)["candidates"]


def _cluster(cpus: int, nodes: int) -> tuple[LocalCluster, float]:
    t0 = time.monotonic()
    c = LocalCluster(head_cpus=cpus // nodes, head_resources={"pcwm_node": 1}, env=_node_env()).__enter__()
    try:
        for _ in range(nodes - 1):
            c.add_node(cpus=cpus // nodes, resources={"pcwm_node": 1})
    except BaseException:
        c.stop()
        raise
    return c, time.monotonic() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=40, help="DataRaceBench programs for the batch workload")
    ap.add_argument("--seeds", type=int, default=2, help="seeds for the pipeline workload")
    ap.add_argument("--cpus", type=int, default=2, help="CPUs of the local pool and of the whole Ray cluster")
    ap.add_argument("--only", choices=["batch", "pipeline"], default=None)
    args = ap.parse_args()
    paths = [p.path for p in load_programs(None)][: args.limit] if args.only != "pipeline" else []
    rows = []
    # one setup at a time: an idle cluster's daemons (GCS, raylets, dashboard) would take CPU from the other passes
    for nodes in (0, 1, 2):
        c, start_s = _cluster(args.cpus, nodes) if nodes else (None, 0.0)
        name = f"ray, {nodes} node{'s' * (nodes > 1)}" if c else "local"
        try:
            address = c.address if c else None
            if args.only in (None, "batch"):
                with c.client() if c else contextlib.nullcontext():
                    wall = batch_pass(paths, args.cpus, address)
                rows.append(("batch", name, len(paths), wall, start_s))
            if args.only in (None, "pipeline"):
                wall, n = pipeline_pass(args.seeds, args.cpus, c, max(nodes, 1))
                rows.append(("pipeline", name, n, wall, start_s))
        finally:
            if c:
                c.stop()
    _print(rows, args.cpus)


def _print(rows, cpus: int) -> None:
    base = {w: wall / n for w, name, n, wall, _ in rows if name == "local"}
    table = Table(title=f"local vs Ray, {cpus} CPUs in all, cold cache; load average "
                        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for col in ("workload", "where", "candidates", "wall s", "s / candidate", "overhead / candidate", "vs local",
                "cluster start s"):
        table.add_column(col, justify="left" if col in ("workload", "where") else "right")
    for w, name, n, wall, start_s in rows:
        per = wall / n
        over = per - base[w] if w in base else 0.0
        table.add_row(w, name, str(n), f"{wall:.1f}", f"{per:.3f}", f"{over:+.3f}",
                      f"{100 * (per / base[w] - 1):+.0f} %" if w in base else "", f"{start_s:.0f}" if start_s else "")
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
