"""Controlled host load: pinning, spinners, and the agreement rule used against recorded Caliper outputs."""

from __future__ import annotations

import os

import psutil
import pytest

from pcwm.sandbox.loadgen import busy_host, within_spread


def test_busy_host_pins_children_runs_spinners_and_restores():
    before = os.sched_getaffinity(0)
    if len(before) < 2:
        pytest.skip("needs two CPUs")
    me = psutil.Process()
    others = {p.pid for p in me.children()}  # e.g. a server another test's fixture keeps running
    with busy_host(cpus=1, spinners=2, settle_s=0.3) as cpus:
        assert os.sched_getaffinity(0) == cpus and len(cpus) == 1
        spinners = [p for p in me.children() if p.pid not in others]
        assert len(spinners) == 2
        assert all(set(p.cpu_affinity()) == cpus for p in spinners)  # inherited
        assert sum(p.cpu_percent(interval=0.3) for p in spinners) > 50  # they really burn the pinned CPU
    assert os.sched_getaffinity(0) == before
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in spinners)


def test_busy_host_rejects_more_cpus_than_available():
    with pytest.raises(ValueError, match="CPUs requested"), busy_host(cpus=len(os.sched_getaffinity(0)) + 1):
        pass


def test_within_spread():
    assert within_spread([78, 80, 82], [74, 77, 82], slack=0)  # medians 80 vs 77, half-ranges 2 + 4
    assert not within_spread([90, 90, 91], [74, 77, 82], slack=3)  # 13 apart, spread 0.5 + 4 + 3
    assert within_spread([90, 90, 91], [74, 77, 82], slack=9)
    assert not within_spread([], [1.0])
