"""Slurm preemption of a Ray run: SIGTERM reaches every process of the job at once (the driver and every node).
The driver must end within 60 s without writing output; the same command on a new cluster then finishes with every
row exactly once. Starts two clusters of its own (about 100 s)."""

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


def _cmd(out: Path) -> list[str]:
    return [sys.executable, "-m", "pcwm.cli", "--log-level", "INFO", "generate",
            "--recipe", str(REPO / "recipes" / "generate" / "offline.yaml"), "--limit", "2",
            "--set", f"candidates.mutations.operators={json.dumps(OPS)}",
            "--set", "candidates.mutations.max_per_impl=1", "--set", "sandbox.threads=[4, 2]",
            "--set", "sandbox.batch_size=2", "--set", "sandbox.jobs=1", "--set", "sandbox.replicas=2",
            "--set", "run.batch_size=1", "--set", "run.engine=ray", "--out", str(out), "--json"]


def _expected_origins() -> set[str]:
    from pcwm.pipelines.steps import MutationCandidates
    from pcwm.pipelines.steps.seeds import load_rows

    step = MutationCandidates(name="m", operators=OPS, max_sites=1)
    step.load()
    return {r["origin"] for b in step.process(load_rows(limit=2)) for r in b}


def _cluster():
    from pcwm.cluster.local import LocalCluster

    c = LocalCluster(head_cpus=1, head_resources={"pcwm_node": 1}, env=cluster_env())
    try:
        c.__enter__()
        c.add_node(cpus=1, resources={"pcwm_node": 1}, env={"PCWM_NODE_NAME": "node1"})
    except BaseException:
        c.stop()
        raise
    return c


def test_sigterm_to_every_process_then_rerun_loses_and_repeats_nothing(tmp_path):
    from distilabel.distiset import Distiset

    from pcwm.cluster.local import _pids_with

    out = tmp_path / "out"
    base = {**os.environ, **cluster_env(), "PCWM_CACHE_DIR": str(tmp_path / "pcwm"),
            "DISTILABEL_CACHE_DIR": str(tmp_path / "dl"), "COLUMNS": "400"}
    first_cluster = _cluster()
    try:
        log_path = tmp_path / "driver.log"  # a file: an unread pipe fills up and blocks the driver's logging
        with open(log_path, "w") as log_file:
            driver = subprocess.Popen(_cmd(out), env={**base, **first_cluster.driver_env}, start_new_session=True,
                                      stdout=log_file, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 600
        while (len(list((tmp_path / "pcwm" / "sandbox").glob("*/*.json"))) < 3 and driver.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.2)
        assert driver.poll() is None, "finished before the preemption:\n" + log_path.read_text()[-3000:]
        for pgid in [driver.pid] + [n.proc.pid for n in first_cluster.nodes]:  # Slurm: every process of the job
            os.killpg(pgid, signal.SIGTERM)
        t0 = time.monotonic()
        try:
            rc = driver.wait(timeout=90)
        except subprocess.TimeoutExpired:
            pytest.fail("the driver did not stop within 90 s of SIGTERM:\n" + log_path.read_text()[-4000:])
        finally:
            if driver.poll() is None:
                os.killpg(driver.pid, signal.SIGKILL)
        assert time.monotonic() - t0 < 60, "the driver must stop within 60 s of SIGTERM"
    finally:
        first_cluster.stop()
        assert not _pids_with(str(first_cluster.root))
    log1 = log_path.read_text()
    assert rc in (4, 130, 143), log1[-3000:]
    assert not out.exists(), "a stopped run must not write its output"
    assert not owned_processes(driver.pid)

    second_cluster = _cluster()  # the requeued job gets a new allocation
    try:
        second = subprocess.run(_cmd(out), env={**base, **second_cluster.driver_env}, capture_output=True,
                                text=True, timeout=900)
    finally:
        second_cluster.stop()
    assert second.returncode == 0, second.stderr[-3000:]
    origins = Distiset.load_from_disk(out)["candidates"]["train"]["origin"]
    assert len(origins) == len(set(origins)), "duplicated rows"
    assert set(origins) == _expected_origins(), "lost rows"
    assert json.loads(second.stdout)["candidates"] == len(origins)
