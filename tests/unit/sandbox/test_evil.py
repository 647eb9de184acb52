"""Hostile programs end with the right status and leave nothing behind (no process, no file, no connection)."""

from __future__ import annotations

import socket
import time
import uuid
from pathlib import Path

import pytest

from pcwm.sandbox import Status
from pcwm.sandbox.contain import isolation_mode

pytestmark = pytest.mark.usefixtures("no_survivors")


def test_fork_bomb_is_contained(run_evil):
    t0 = time.monotonic()
    res = run_evil("fork_bomb.c")
    assert res.status in (Status.TIMEOUT, Status.RUNTIME_ERROR), res.status
    assert time.monotonic() - t0 < 60


def test_endless_loop_times_out(run_evil):
    res = run_evil("endless_loop.c")
    assert res.status is Status.TIMEOUT
    assert res.runs[0].killed_reason == "timeout"
    assert 3.5 < res.runs[0].wall_s < 10


def test_output_flood_is_capped_and_killed(run_evil):
    res = run_evil("output_flood.c")
    assert res.status is Status.RUNTIME_ERROR
    assert res.runs[0].killed_reason == "output"
    assert len(res.runs[0].stdout) < 200_000  # only the head is kept


def test_memory_hog_is_killed_at_the_cap(run_evil):
    res = run_evil("memory_hog.c")
    assert res.status is Status.RUNTIME_ERROR, (res.status, res.runs[0].killed_reason, res.runs[0].stderr[-300:])
    assert res.runs[0].killed_reason == "memory" or res.runs[0].returncode != 0


def test_writes_outside_work_dir_do_not_reach_the_host(run_evil, tmp_path_factory):
    if isolation_mode() != "bwrap":
        pytest.fail(f"file-system isolation needs bubblewrap; this host gives {isolation_mode()!r}")
    target = tmp_path_factory.mktemp("host") / f"escaped-{uuid.uuid4().hex}"
    for path in (target, Path("/tmp") / f"pcwm-escape-{uuid.uuid4().hex}"):
        res = run_evil("write_outside.c", str(path))
        assert res.status is Status.OK
        assert not path.exists(), f"sandboxed program created {path} on the host"


def test_network_is_unreachable(run_evil):
    if isolation_mode() == "none":
        pytest.fail("no network namespace available on this host")
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(0.5)
    port = srv.getsockname()[1]
    try:
        res = run_evil("network_connect.c", str(port))
        assert "no network" in res.runs[0].stdout
        with pytest.raises(TimeoutError):
            srv.accept()
    finally:
        srv.close()


def test_stdin_is_closed(run_evil):
    res = run_evil("reads_stdin.c")
    assert res.status is Status.OK
    assert "lines=0" in res.runs[0].stdout
    assert res.runs[0].wall_s < 3


def test_daemon_escaping_the_session_is_killed(run_evil):
    res = run_evil("daemon_escape.c")
    assert res.status is Status.OK
    assert "parent done" in res.runs[0].stdout


def test_threads_that_never_end_time_out(run_evil):
    res = run_evil("leaked_threads.c")
    assert res.status is Status.TIMEOUT
