"""Kill a real `pcwm generate` run mid-way, rerun it, and get every row exactly once.

SIGTERM to the main process is a graceful stop (exit 130): the rerun continues from distilabel's cache. SIGKILL, or
SIGTERM to the whole process group (the step workers die with it), leaves distilabel's cache inconsistent: the rerun
starts afresh and replays finished sandbox work from pcwm's content cache.
"""

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

REPO = Path(__file__).resolve().parents[3]
RECIPES = REPO / "recipes" / "generate"


OPS = ["drop_reduction", "drop_critical", "schedule_change"]


def _cmd(out):
    return [sys.executable, "-m", "pcwm.cli", "--log-level", "INFO", "generate",
            "--recipe", str(RECIPES / "offline.yaml"),
            "--limit", "2", "--set", f"candidates.mutations.operators={json.dumps(OPS)}",
            "--set", "candidates.mutations.max_per_impl=1", "--set", "sandbox.threads=[4, 2]",
            "--set", "sandbox.batch_size=2", "--set", "sandbox.jobs=1", "--set", "run.batch_size=1",
            "--out", str(out), "--json"]


def _expected_origins() -> set[str]:
    from pcwm.pipelines.steps import MutationCandidates
    from pcwm.pipelines.steps.seeds import load_rows

    step = MutationCandidates(name="m", operators=OPS, max_sites=1)
    step.load()
    return {r["origin"] for b in step.process(load_rows(limit=2)) for r in b}


def _sandbox_entries(cache) -> int:
    return len(list((cache / "sandbox").glob("*/*.json")))


@pytest.mark.parametrize(("sig", "group"), [(signal.SIGKILL, True), (signal.SIGTERM, False), (signal.SIGTERM, True),
                                           (signal.SIGINT, True)],
                         ids=["sigkill-group", "sigterm-main", "sigterm-group", "sigint-group"])
def test_killed_run_resumes_without_lost_or_duplicated_rows(sig, group, tmp_path):
    from distilabel.distiset import Distiset

    cache, out = tmp_path / "pcwm", tmp_path / "out"
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PCWM_CACHE_DIR": str(cache), "DISTILABEL_CACHE_DIR": str(tmp_path / "dl"),
           "PCWM_WORK_DIR": str(work),
           "OMP_NUM_THREADS": "1", "COLUMNS": "400"}
    first = subprocess.Popen(_cmd(out), env=env, start_new_session=True, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 300
    while _sandbox_entries(cache) < 3 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert first.poll() is None, "the run finished before it could be killed:\n" + first.stdout.read()[-3000:]
    done_before = _sandbox_entries(cache)
    if group:
        os.killpg(first.pid, sig)
    else:
        first.send_signal(sig)
    graceful = (sig == signal.SIGTERM and not group) or sig == signal.SIGINT  # distilabel's workers ignore SIGINT
    t0 = time.monotonic()
    rc = first.wait(timeout=300)
    assert time.monotonic() - t0 < 30, "a stop must end the command within 30 s"
    time.sleep(0.5)
    assert not owned_processes(first.pid), "processes left behind after the stop"
    log1 = first.stdout.read()
    assert rc == (-signal.SIGKILL if sig == signal.SIGKILL else 130 if graceful else 143), log1[-3000:]
    assert not out.exists(), "an interrupted run must not write its output"
    time.sleep(1)

    second = subprocess.run(_cmd(out), env=env, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert not list(work.iterdir()), "work dirs left behind (a killed run's are swept by the next one)"
    summary = json.loads(second.stdout)  # --json: stdout is one JSON document, logs go to stderr
    rows = Distiset.load_from_disk(out)["candidates"]["train"]
    origins = rows["origin"]
    assert len(origins) == len(set(origins)), "duplicated rows"
    assert set(origins) == _expected_origins(), "lost rows"
    assert summary["candidates"] == len(origins) and summary["rows_no_cot"] == summary["labelled"]
    log2 = second.stdout + second.stderr
    if not graceful:
        assert "killed without a clean stop" in log2
        assert summary["sandbox_cached"] >= done_before  # finished work was replayed from the cache
    else:
        assert "Loading `_BatchManager` from cache" in log2  # continued from distilabel's cache
        assert "killed without a clean stop" not in log2
