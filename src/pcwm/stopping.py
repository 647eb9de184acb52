"""Stopping a long command on SIGINT or SIGTERM: promptly, resumably, and with no process left behind.

A terminal's Ctrl-C, `timeout`, `kill` and Slurm's preemption all send a signal, often to the whole process group.
Every `pcwm` command runs under `stop_guard()` (installed by the CLI), which turns the first signal into a graceful
stop and guarantees a hard one:

- first signal: `requested()` becomes true, and the command's registered stop action runs (by default a
  KeyboardInterrupt in the main thread, which unwinds `finally` blocks and cancels queued work; `pcwm generate`
  registers distilabel's own graceful stop instead). Long loops and the sandbox check `requested()`.
- a second signal, or `grace_s` seconds without the command ending (20 by default, `PCWM_STOP_GRACE_S`): every
  descendant process is SIGKILLed, including sandboxed programs in their own sessions and processes orphaned by a
  dead worker (this process is their subreaper), and the command exits with 128 + the signal number.

Outputs are only ever written atomically and long commands resume from their caches, so both ends leave a state the
same command continues from. A graceful stop exits 130.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

OWNER_ENV = "PCWM_RUN_OWNER"  # the pid of the command that owns a process (inherited, passed into the sandbox)
GRACEFUL_EXIT = 130
_PR_SET_CHILD_SUBREAPER = 36

_requested = threading.Event()
_signum: list[int] = []
_actions: list[Callable[[int], None]] = []
_generation = [0]  # bumped when a guarded command ends: a deadline armed for it must not fire afterwards


def requested() -> bool:
    """True once SIGINT or SIGTERM reached this command: stop starting new work."""
    return _requested.is_set()


def owner() -> str:
    """The id that marks this command's processes (see OWNER_ENV)."""
    return os.environ.get(OWNER_ENV) or str(os.getpid())


@contextlib.contextmanager
def on_stop(action: Callable[[int], None]) -> Iterator[None]:
    """Runs `action(signum)` instead of raising KeyboardInterrupt when a stop is requested inside the block."""
    _actions.append(action)
    try:
        yield
    finally:
        _actions.remove(action)


def start_deadline(signum: int) -> None:
    """Arms the hard stop (used by stop actions that learn of a stop some other way, e.g. distilabel's SIGINT)."""
    if not _requested.is_set():
        _requested.set()
        _signum.append(signum)
        threading.Thread(target=_deadline, args=(signum, _generation[0]), name="pcwm-stop-deadline",
                         daemon=True).start()


def _deadline(signum: int, generation: int) -> None:
    grace = os.environ.get("PCWM_STOP_GRACE_S", "20")
    time.sleep(float(grace))
    if generation == _generation[0]:  # the command it was armed for is still running
        hard_exit(signum, f"still running {grace} s after the stop request")


def hard_exit(signum: int, why: str) -> None:
    """SIGKILLs every descendant and leaves with 128 + signum, without running Python's shutdown (it can hang)."""
    # Straight to the file descriptor: the logging machinery may be held by a thread stuck in the graceful stop.
    os.write(2, f"pcwm: {why}: killing child processes and exiting; rerunning the same command resumes\n".encode())
    kill_descendants()
    os._exit(128 + signum)


def kill_descendants() -> int:
    """SIGKILLs every process below this one and every process carrying this command's owner mark; returns how many.

    The whole tree is listed before anything is killed, so a child's children are still found (killing a parent
    first would orphan them to the subreaper, i.e. back to us, but only after a race)."""
    import psutil

    me = os.getpid()
    mark = f"{OWNER_ENV}={owner()}".encode()
    killed = 0
    for _ in range(20):
        try:
            victims = {p.pid for p in psutil.Process(me).children(recursive=True)}
        except psutil.Error:
            victims = set()
        victims = {pid for pid in victims | _marked(mark) if pid != me and _alive(pid)}
        if not victims:
            break
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.05)
    return killed


def _alive(pid: int) -> bool:
    """Not yet a zombie (zombies are reaped by whoever started them: reaping here would steal a Popen's status)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _marked(mark: bytes) -> set[int]:
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/environ", "rb") as f:
                    if mark + b"\0" in f.read() + b"\0":
                        found.add(int(entry.name))
            except OSError:
                continue
    return found


def _handler(signum: int, frame) -> None:
    if _requested.is_set():
        hard_exit(signum, f"second {signal.Signals(signum).name}")
    start_deadline(signum)
    name = signal.Signals(signum).name
    os.write(2, f"pcwm: {name} received: stopping (a second signal stops at once)\n".encode())
    if _actions:
        _actions[-1](signum)
        return
    raise KeyboardInterrupt(name)


def _set_subreaper(on: bool) -> None:
    """While on, orphans of our descendants (a killed worker's sandbox runs) are handed to us rather than to init."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0)


def _child_after_fork() -> None:
    """A forked worker (distilabel's pool, multiprocessing) gets the default handlers back: stopping is the
    command's job, and a Python handler in a worker can wedge the pool's teardown."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is _handler:
            signal.signal(sig, signal.SIG_DFL if sig == signal.SIGTERM else signal.default_int_handler)


_installed: list[bool] = []
os.register_at_fork(after_in_child=_child_after_fork)


@contextlib.contextmanager
def stop_guard() -> Iterator[None]:
    """Installs the handlers for one command (main thread only); a stop ends the command with exit 130 or 128+sig."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    os.environ.setdefault(OWNER_ENV, str(os.getpid()))
    _set_subreaper(True)
    old = {sig: signal.signal(sig, _handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    _installed.append(True)
    try:
        yield
    except KeyboardInterrupt:
        if not _requested.is_set():
            start_deadline(signal.SIGINT)
        _stopped_message()
        raise SystemExit(GRACEFUL_EXIT) from None
    finally:
        _installed.pop()
        for sig, h in old.items():
            signal.signal(sig, h)
        if _requested.is_set():
            kill_descendants()
        _set_subreaper(False)  # a process that goes on (a notebook, a test) does not keep adopting orphans
        _generation[0] += 1  # ... and starts its next command afresh
        _requested.clear()
        _signum.clear()


def _stopped_message() -> None:
    sys.stderr.write("pcwm: stopped; rerun the same command to resume from where it stopped\n")
    sys.stderr.flush()
