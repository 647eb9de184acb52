"""pcwm.stopping in-process: a signal ends a guarded block with 130, resets for the next command, kills every
descendant (even one in its own session, even an orphan), and sandboxed runs end instead of becoming results."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

import psutil
import pytest

from pcwm import stopping


def test_a_signal_ends_the_guarded_command_with_130_and_the_next_one_starts_afresh(monkeypatch):
    monkeypatch.setenv("PCWM_STOP_GRACE_S", "0.5")
    with pytest.raises(SystemExit) as exc, stopping.stop_guard():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
        pytest.fail("the signal did not interrupt the block")
    assert exc.value.code == stopping.GRACEFUL_EXIT
    assert not stopping.requested()
    time.sleep(1.0)  # the deadline armed for that command must not fire now that it is over (we would be dead)
    with stopping.stop_guard():
        assert not stopping.requested()


def test_a_registered_stop_action_replaces_the_interrupt():
    seen = []
    with stopping.stop_guard(), stopping.on_stop(seen.append):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)
        assert seen == [signal.SIGINT]
        assert stopping.requested()
    assert not stopping.requested()


def test_kill_descendants_reaches_other_sessions_and_orphans():
    with stopping.stop_guard():  # makes this process the subreaper of its descendants
        own_session = subprocess.Popen(["sleep", "60"], start_new_session=True)
        # a grandchild whose parent exits at once: orphaned, it is handed to us rather than to init
        subprocess.run(["sh", "-c", "setsid sleep 61 >/dev/null 2>&1 &"], check=True)
        time.sleep(0.3)
        orphan = [p for p in psutil.Process().children() if p.cmdline()[:2] == ["sleep", "61"]]
        assert len(orphan) == 1
        assert stopping.kill_descendants() >= 2
        own_session.wait(timeout=5)
        assert own_session.returncode == -signal.SIGKILL
        assert not psutil.pid_exists(orphan[0].pid) or orphan[0].status() == psutil.STATUS_ZOMBIE


def test_a_sandboxed_run_in_flight_ends_when_a_stop_is_requested(tmp_path):
    from pcwm.sandbox.contain import Limits, SandboxStopped, run_contained

    outcome = {}

    def target():
        try:
            outcome["result"] = run_contained(["sh", "-c", "while :; do :; done"], cwd=tmp_path,
                                              limits=Limits(timeout_s=60))
        except SandboxStopped as exc:
            outcome["stopped"] = exc

    with stopping.stop_guard(), stopping.on_stop(lambda signum: None):
        worker = threading.Thread(target=target)
        t0 = time.monotonic()
        worker.start()
        time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)
        worker.join(timeout=20)
        took = time.monotonic() - t0
    assert "stopped" in outcome and "result" not in outcome  # a stop is never a result (nor a label)
    assert took < 10
