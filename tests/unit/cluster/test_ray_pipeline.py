"""`pcwm generate --set run.engine=ray` on a real two-node Ray cluster: the offline recipe on 2 seeds gives the same
rows as the local run; a node killed mid-run stops the run, and the rerun of the same command loses and repeats no
row. Each run has its own pcwm cache, so the Ray run recomputes everything it compares."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from processes import owned_processes
from ray_nodes import cluster_env

REPO = Path(__file__).resolve().parents[3]
OPS = ["drop_reduction", "drop_critical", "schedule_change"]


def _cmd(out: Path, engine: str, replicas: int = 2) -> list[str]:
    return [sys.executable, "-m", "pcwm.cli", "--log-level", "INFO", "generate",
            "--recipe", str(REPO / "recipes" / "generate" / "offline.yaml"), "--limit", "2",
            "--set", f"candidates.mutations.operators={json.dumps(OPS)}",
            "--set", "candidates.mutations.max_per_impl=1",
            "--set", "sandbox.threads=[4, 2]", "--set", "sandbox.batch_size=2", "--set", "sandbox.jobs=1",
            "--set", f"sandbox.replicas={replicas}", "--set", "run.batch_size=1", "--set", f"run.engine={engine}",
            "--out", str(out), "--json"]


def _env(tmp: Path, cluster=None) -> dict:
    env = {**os.environ, **cluster_env(), "PCWM_CACHE_DIR": str(tmp / "pcwm"), "DISTILABEL_CACHE_DIR": str(tmp / "dl"),
           "COLUMNS": "400"}
    env.pop("RAY_ADDRESS", None)
    if cluster is not None:
        env.update(cluster.driver_env)
    return env


def _rows(out: Path) -> list[tuple]:
    from distilabel.distiset import Distiset

    rows = Distiset.load_from_disk(out)["candidates"]["train"].to_list()
    return sorted((r["candidate_id"], r["origin"], r["status"], r["races"]) for r in rows)


@pytest.fixture(scope="module")
def local_rows(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local")
    res = subprocess.run(_cmd(tmp / "out", "local"), env=_env(tmp, None), capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    return _rows(tmp / "out")


def test_offline_recipe_on_ray_gives_the_local_rows(ray_cluster, local_rows, tmp_path):
    res = subprocess.run(_cmd(tmp_path / "out", "ray"), env=_env(tmp_path, ray_cluster), capture_output=True,
                         text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    summary = json.loads(res.stdout)
    assert summary["seeds"] == 2 and summary["sandbox_cached"] == 0  # recomputed on the cluster, not read back
    assert _rows(tmp_path / "out") == local_rows
    assert {r[2] for r in local_rows} >= {"race", "ok"}


def _sandbox_entries(tmp: Path) -> int:
    return len(list((tmp / "pcwm" / "sandbox").glob("*/*.json")))


def test_node_killed_mid_run_then_rerun_loses_and_repeats_nothing(ray_cluster, local_rows, tmp_path):
    victim = ray_cluster.add_node(cpus=1, env={"PCWM_NODE_NAME": "victim"})
    env = _env(tmp_path, ray_cluster)
    log_path = tmp_path / "driver.log"  # a file, not a pipe: an unread pipe fills up and blocks the driver's logging
    with open(log_path, "w") as log_file:
        first = subprocess.Popen(_cmd(tmp_path / "out", "ray", replicas=3), env=env, start_new_session=True,
                                 stdout=log_file, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 600
        while _sandbox_entries(tmp_path) < 3 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert first.poll() is None, "the run ended before the node could be killed:\n" + log_path.read_text()[-3000:]
        raylets = ray_cluster.raylet_pids(victim)
        assert raylets, "no raylet found for the second node"
        for pid in raylets:
            os.kill(pid, signal.SIGKILL)
        t0 = time.monotonic()
        try:
            rc = first.wait(timeout=120)
        except subprocess.TimeoutExpired:
            pytest.fail("the driver did not stop within 120 s of losing a node:\n" + log_path.read_text()[-4000:])
        assert time.monotonic() - t0 < 60, "the driver must stop within 60 s of losing a node"
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        os.killpg(victim.proc.pid, signal.SIGKILL)
        victim.proc.wait(timeout=30)
    log1 = log_path.read_text()
    assert rc in (4, 130), log1[-3000:]
    # named by the node watch, or (when the queues' actors die first) by the failed output loop or Ray's own error
    assert any(m in log1 for m in ("lost during the run", "output loop failed", "the Ray run failed")), log1[-3000:]
    assert not (tmp_path / "out").exists(), "a stopped run must not write its output"
    assert not owned_processes(first.pid)

    second = subprocess.run(_cmd(tmp_path / "out", "ray", replicas=2), env=env, capture_output=True, text=True,
                            timeout=900)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "killed without a clean stop" in second.stderr  # distilabel restarted; pcwm's cache replayed the work
    rows = _rows(tmp_path / "out")
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "duplicated rows"
    assert rows == local_rows, "lost or changed rows"


def test_profiles_asking_more_nodes_than_the_cluster_has_fail_before_scheduling(ray_cluster, tmp_path):
    """Two nodes carry a pcwm_node token: three work-% replicas cannot all be placed, so the run must not start
    (Ray would keep the third pending and the run would hang)."""
    cmd = [sys.executable, "-m", "pcwm.cli", "generate", "--recipe", str(REPO / "recipes/generate/caliper-tiny.yaml"),
           "--set", "run.engine=ray", "--set", "sandbox.replicas=3", "--out", str(tmp_path / "out")]
    res = subprocess.run(cmd, env=_env(tmp_path, ray_cluster), capture_output=True, text=True, timeout=600)
    assert res.returncode == 4, res.stderr[-3000:]
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("error: step sandbox: the Ray cluster can hold 2 of the 3 replica(s)"), last
    assert "pcwm_node" in last and not (tmp_path / "out").exists()
