"""Fixtures for the evil-program tests: a private work dir that must be left with no surviving process."""

from __future__ import annotations

import time
from pathlib import Path

import psutil
import pytest

from pcwm.sandbox import Program, RunPlan, run_tsan

EVIL = Path(__file__).parents[2] / "evil"
PLAN = RunPlan(threads=(4,), timeout_s=4, memory_mb=512)


@pytest.fixture
def no_survivors(tmp_path, monkeypatch):
    """Runs the test with its own PCWM_WORK_DIR and fails if any process started from it outlives the test."""
    monkeypatch.setenv("PCWM_WORK_DIR", str(tmp_path))
    yield tmp_path
    time.sleep(0.2)
    survivors = []
    for p in psutil.process_iter(["pid", "exe", "cwd"]):
        try:
            if str(tmp_path) in (p.info["exe"] or "") or str(tmp_path) in (p.info["cwd"] or ""):
                survivors.append(p.info)
        except (psutil.Error, OSError):  # the process ended while being looked at
            continue
    assert not survivors, f"processes survived the sandbox: {survivors}"
    assert not list(tmp_path.glob("pcwm-run-*")), "work dir not cleaned up"


@pytest.fixture
def run_evil():
    """run_evil("fork_bomb.c", *args) -> SandboxResult under a short, small plan."""

    def run(name: str, *args: str, plan: RunPlan = PLAN):
        return run_tsan(Program.from_path(EVIL / name, args=args), plan)

    return run
