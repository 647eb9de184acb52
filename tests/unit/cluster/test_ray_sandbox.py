"""The sandbox's batch layer on a real Ray cluster: same results as a local run, cache written once by the driver,
a node without a toolchain answers sandbox_error naming the node."""

from __future__ import annotations

from pathlib import Path

from pcwm.sandbox import Program, RunPlan, run_many
from pcwm.sandbox.batch import probe_nodes, use_cluster
from pcwm.sandbox.cache import ResultCache

CASES = Path(__file__).resolve().parents[2] / "sandbox_cases"
PLAN = RunPlan(threads=(4, 2), timeout_s=20)


def _programs() -> list[Program]:
    names = ["reduction_missing.c", "reduction_ok.c", "atomic_removed.cpp", "critical_ok.cpp", "segfault.c"]
    return [Program.from_path(CASES / n) for n in names]


def _view(results) -> list[tuple]:
    return [(Path(r.path).name, r.status.value, [(x.type, tuple(x.locations)) for x in r.races], r.valid)
            for r in results]


def test_run_many_on_ray_matches_local_and_caches_once(ray_cluster, tmp_path):
    local = run_many(_programs(), PLAN, jobs=2, cache=ResultCache(tmp_path / "local"))
    cache = ResultCache(tmp_path / "ray")
    seen = []
    with ray_cluster.client(), use_cluster(ray_cluster.address):
        remote = run_many(_programs(), PLAN, cache=cache, on_result=seen.append)
        assert _view(remote) == _view(local)
        assert len(seen) == len(local) and not any(r.cached for r in remote)
        assert len(cache) == len(local)  # the driver wrote one entry per program
        again = run_many(_programs(), PLAN, cache=cache)
    assert all(r.cached for r in again) and _view(again) == _view(local)
    statuses = {r.status.value for r in local}
    assert {"race", "ok"} <= statuses  # the cases exercise both labels


def test_node_without_toolchain_is_named_never_a_label(ray_cluster, tmp_path):
    broken = ray_cluster.add_node(cpus=1, env={"PCWM_NODE_NAME": "broken", "PCWM_CC": "/nonexistent/clang-16"})
    try:
        with ray_cluster.client(), use_cluster(ray_cluster.address):
            probes = probe_nodes()
            bad = {k: v for k, v in probes.items() if v}
            assert list(bad) == [k for k in probes if k.startswith("broken")], probes
            assert all(v.startswith(f"node {k}") and "clang-16" in v for k, v in bad.items())
            results = run_many(_programs() * 2, PLAN, cache=ResultCache(tmp_path / "c"))
        for r in results:
            if r.status.value == "sandbox_error":
                assert r.error.startswith("node broken"), r.error
            else:
                assert r.status.value in ("race", "ok", "runtime_error")
        assert not any(r.status.value == "sandbox_error" and r.cached for r in results)
    finally:
        import os
        import signal

        os.killpg(broken.proc.pid, signal.SIGKILL)
        broken.proc.wait(timeout=30)
