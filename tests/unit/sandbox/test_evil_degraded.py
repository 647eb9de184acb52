"""Containment on hosts without cgroups or namespaces: RSS polling and the marker sweep must still hold the line.

Running without namespaces needs the explicit PCWM_SANDBOX_ALLOW_UNCONFINED=1 (see test_sandbox_refuses_unconfined);
even then the candidate runs without root or capabilities, under the seccomp filter."""

from __future__ import annotations

import pytest

from pcwm.sandbox import cgroups, contain
from pcwm.sandbox.result import Status

pytestmark = pytest.mark.usefixtures("no_survivors")


@pytest.fixture(autouse=True)
def no_cgroups_no_namespaces(monkeypatch):
    monkeypatch.setenv("PCWM_SANDBOX_CGROUPS", "0")
    monkeypatch.setenv("PCWM_SANDBOX_ISOLATION", "none")
    monkeypatch.setenv("PCWM_SANDBOX_ALLOW_UNCONFINED", "1")
    cgroups.cgroup_parents.cache_clear()
    contain.isolation_mode.cache_clear()
    yield
    monkeypatch.undo()
    cgroups.cgroup_parents.cache_clear()
    contain.isolation_mode.cache_clear()


def test_fork_bomb_without_cgroup_is_stopped_by_polling(run_evil):
    res = run_evil("fork_bomb.c")
    assert res.status in (Status.TIMEOUT, Status.RUNTIME_ERROR)
    assert res.runs[0].killed_reason in ("timeout", "memory")


def test_memory_hog_without_cgroup_is_killed_by_rss_polling(run_evil):
    res = run_evil("memory_hog.c")
    assert res.status is Status.RUNTIME_ERROR
    assert res.runs[0].killed_reason == "memory"
    assert res.isolation["namespaces"] == "none" and res.isolation["cgroup"] is False
    assert res.isolation["capeff"] == "0000000000000000" and res.isolation["seccomp"] == 2


def test_escaping_daemon_without_cgroup_is_found_by_marker(run_evil):
    res = run_evil("daemon_escape.c")
    assert res.status is Status.OK


def test_output_flood_without_cgroup(run_evil):
    res = run_evil("output_flood.c")
    assert res.runs[0].killed_reason == "output"
