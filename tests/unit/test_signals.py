"""A signal to the whole process group (Ctrl-C in a terminal, `timeout`, Slurm's preemption) stops a long pcwm
command within 30 s, leaves no process behind, and the same command run again resumes and finishes.

Each command runs for real in its own session; the test signals the group the way a terminal or Slurm would, and
always kills the group in a `finally` block. (`pcwm generate` has its own kill/resume test in
tests/unit/pipelines/test_resume.py.)
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

REPO = Path(__file__).resolve().parents[2]
PCWM = [sys.executable, "-m", "pcwm.cli"]
STOP_WITHIN_S = 30
SEEDS = ["dense_linalg/axpy_norm", "dense_linalg/matvec"]


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "PCWM_CACHE_DIR": str(tmp_path / "cache"), "OMP_NUM_THREADS": "1", "COLUMNS": "200",
            "TOKENIZERS_PARALLELISM": "false"}


def _interrupt(args: list[str], env: dict, started, sig: int, log: Path) -> tuple[int, float]:
    """Starts `pcwm ARGS`, waits until `started()` is true, signals the group; returns (exit code, seconds to stop)."""
    with open(log, "w") as out:
        proc = subprocess.Popen(PCWM + args, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while not started() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert proc.poll() is None, f"the command ended before it could be stopped:\n{log.read_text()[-3000:]}"
        os.killpg(proc.pid, sig)
        t0 = time.monotonic()
        rc = proc.wait(timeout=STOP_WITHIN_S + 30)
        took = time.monotonic() - t0
        time.sleep(0.5)
        left = owned_processes(proc.pid)
        assert not left, f"processes left behind after the stop: {left}"
        return rc, took
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["sigint-group", "sigterm-group"])
def test_mutate_stops_on_a_group_signal_and_resumes(sig, tmp_path):
    out = tmp_path / "out"
    args = ["problems", "mutate", "--out", str(out), "--seed", SEEDS[0], "--seed", SEEDS[1], "--max-sites", "1",
            "--jobs", "2", "--threads", "4,2", "--no-balance"]
    env = _env(tmp_path)

    def started() -> bool:
        return len(list(out.glob("candidates/*/result.json"))) >= 3

    rc, took = _interrupt(args, env, started, sig, tmp_path / "first.log")
    assert rc == 130, (tmp_path / "first.log").read_text()[-3000:]
    assert took < STOP_WITHIN_S
    assert not (out / "candidates.jsonl").exists(), "a stopped run must not write its final outputs"
    done_before = {p.parent.name for p in out.glob("candidates/*/result.json")}
    assert done_before

    second = subprocess.run(PCWM + args, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stderr[-3000:]
    rows = [json.loads(line) for line in (out / "candidates.jsonl").read_text().splitlines()]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicated candidates"
    dry = subprocess.run(PCWM + args + ["--dry-run"], env=env, cwd=REPO, capture_output=True, text=True,
                         timeout=300)
    assert dry.returncode == 0, dry.stderr[-2000:]
    planned = {json.loads(line)["id"] for line in dry.stdout.splitlines() if line.startswith("{")}
    assert set(ids) == planned, "lost candidates"
    assert {p.name for p in (out / "candidates").iterdir()} >= done_before


@pytest.mark.needs_data("dataracebench")
def test_eval_run_stops_on_sigterm_to_the_group_and_resumes(tmp_path):
    out = tmp_path / "eval"
    args = ["eval", "run", "dataracebench-smoke", "-m", "baseline:oracle", "--confirm-run-unsafe-code", "-o", str(out)]
    env = _env(tmp_path)
    sandbox_cache = tmp_path / "cache" / "sandbox"

    def started() -> bool:
        return len(list(sandbox_cache.glob("*/*.json"))) >= 2

    rc, took = _interrupt(args, env, started, signal.SIGTERM, tmp_path / "first.log")
    assert rc == 130, (tmp_path / "first.log").read_text()[-3000:]
    assert took < STOP_WITHIN_S
    second = subprocess.run(PCWM + args, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-3000:]
    scores = tmp_path / "scores.json"
    score = subprocess.run(PCWM + ["eval", "score", "-o", str(out), "--json", str(scores)], env=env, cwd=REPO,
                           capture_output=True, text=True, timeout=300)
    assert score.returncode == 0, score.stderr[-3000:]
    assert "accuracy" in scores.read_text()


def test_train_checkpoints_on_sigterm_and_the_rerun_resumes(tmp_path):
    out = tmp_path / "sft"
    args = ["train", "--recipe", "recipes/tiny/tsan/sft.yaml", "--output_dir", str(out), "--max_steps", "400",
            "--save_strategy", "no", "--push_to_hub_revision", "false", "--eval_hook", "", "--disable_tqdm", "true"]
    env = {**_env(tmp_path), "PCWM_CACHE_DIR": os.environ["PCWM_CACHE_DIR"]}  # the session's: smoke data, tiny model
    log = tmp_path / "first.log"

    def started() -> bool:
        return log.exists() and "'loss'" in log.read_text()

    rc, took = _interrupt(args, env, started, signal.SIGTERM, log)
    assert rc == 130, log.read_text()[-3000:]
    assert took < STOP_WITHIN_S
    checkpoints = sorted(out.glob("checkpoint-*"))
    assert checkpoints, f"no checkpoint saved on stop:\n{log.read_text()[-2000:]}"
    step = int(checkpoints[-1].name.split("-")[1])
    assert 0 < step < 400

    resume = args[:args.index("--max_steps") + 1] + [str(step + 2)] + args[args.index("--max_steps") + 2:]
    second = subprocess.run(PCWM + resume, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"resuming from {checkpoints[-1]}" in second.stdout + second.stderr
    state = json.loads((out / "trainer_state.json").read_text())
    assert state["global_step"] == step + 2
