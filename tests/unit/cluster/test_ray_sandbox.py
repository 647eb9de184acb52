"""The sandbox's batch layer on a real Ray cluster: same results as a local run, cache written once by the driver,
a node without a toolchain answers sandbox_error naming the node.

The Ray side runs in a driver child process (the `ray_driver` fixture imports this module there for the cases);
the local reference run and every assertion are made here."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

from pcwm.sandbox import Program, RunPlan, run_many
from pcwm.sandbox.cache import ResultCache

CASES = Path(__file__).resolve().parents[2] / "sandbox_cases"
PLAN = RunPlan(threads=(4, 2), timeout_s=20)


def programs() -> list[Program]:
    names = ["reduction_missing.c", "reduction_ok.c", "atomic_removed.cpp", "critical_ok.cpp", "segfault.c"]
    return [Program.from_path(CASES / n) for n in names]


def view(results) -> list:
    """What must agree between runs, as JSON (file, status, races with their locations, validity)."""
    return json.loads(json.dumps([(Path(r.path).name, r.status.value,
                                   [(x.type, list(x.locations)) for x in r.races], r.valid) for r in results]))


DRIVER = """
import json, os
from pcwm.sandbox import run_many
from pcwm.sandbox.batch import probe_nodes, use_cluster
from pcwm.sandbox.cache import ResultCache
from test_ray_sandbox import PLAN, programs, view
"""


def test_run_many_on_ray_matches_local_and_caches_once(ray_driver, tmp_path):
    local = run_many(programs(), PLAN, jobs=2, cache=ResultCache(tmp_path / "local"))
    out = ray_driver(DRIVER + f"""
cache, seen = ResultCache({str(tmp_path / "ray")!r}), []
with use_cluster(os.environ["RAY_ADDRESS"]):
    remote = run_many(programs(), PLAN, cache=cache, on_result=seen.append)
    entries = len(cache)
    again = run_many(programs(), PLAN, cache=cache)
print(json.dumps({{"remote": view(remote), "remote_cached": [r.cached for r in remote], "seen": len(seen),
                  "entries": entries, "again": view(again), "again_cached": [r.cached for r in again]}}))
""")
    assert out["remote"] == view(local)
    assert out["seen"] == len(local) and not any(out["remote_cached"])
    assert out["entries"] == len(local)  # the driver wrote one entry per program
    assert all(out["again_cached"]) and out["again"] == view(local)
    assert len(ResultCache(tmp_path / "ray")) == len(local)  # and they are on disk after the driver is gone
    assert {"race", "ok"} <= {r.status.value for r in local}  # the cases exercise both labels


def test_node_without_toolchain_is_named_never_a_label(ray_cluster, ray_driver, tmp_path):
    broken = ray_cluster.add_node(cpus=1, env={"PCWM_NODE_NAME": "broken", "PCWM_CC": "/nonexistent/clang-16"})
    try:
        out = ray_driver(DRIVER + f"""
with use_cluster(os.environ["RAY_ADDRESS"]):
    probes = probe_nodes()
    results = run_many(programs() * 2, PLAN, cache=ResultCache({str(tmp_path / "c")!r}))
print(json.dumps({{"probes": probes, "results": [[r.status.value, r.error, r.cached] for r in results]}}))
""")
    finally:
        os.killpg(broken.proc.pid, signal.SIGKILL)
        broken.proc.wait(timeout=30)
    probes = out["probes"]
    bad = {k: v for k, v in probes.items() if v}
    assert list(bad) == [k for k in probes if k.startswith("broken")], probes
    assert all(v.startswith(f"node {k}") and "clang-16" in v for k, v in bad.items())
    for status, error, cached in out["results"]:
        if status == "sandbox_error":
            assert error.startswith("node broken") and not cached, error
        else:
            assert status in ("race", "ok", "runtime_error")
