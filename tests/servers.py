"""Servers a test runs as child processes, each in its own session, stopped (whole process group) in a finally
block: the Hub-protocol test server (tests/hub_server.py) and the leaderboard Space (src/pcwm/space/app.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def client_env(endpoint: str, hf_home: str | Path, token: str | None = "pcwm-test-token") -> dict[str, str]:
    """Environment for a Hub client process (set before huggingface_hub / datasets are imported)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_"))}
    env.update(HF_ENDPOINT=endpoint, HF_HUB_DISABLE_XET="1", HF_HOME=str(hf_home), HF_HUB_OFFLINE="0",
               HF_DATASETS_OFFLINE="0", HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_PROGRESS_BARS="1",
               OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    if token:
        env["HF_TOKEN"] = token
    return env


def stop_group(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM to the child's process group, SIGKILL after `grace` seconds; reaps the child."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):  # stragglers of the group (a dead leader leaves them)
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def hub_process(root: Path):
    """The Hub test server in its own session; yields its endpoint URL."""
    proc = subprocess.Popen([sys.executable, str(TESTS / "hub_server.py"), "--root", str(root)], cwd=TESTS,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        endpoint = proc.stdout.readline().strip()
        if not endpoint.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"hub server did not start (printed {endpoint!r}, exit {proc.poll()})")
        yield endpoint
    finally:
        stop_group(proc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def app_process(argv: list[str], env: dict, port: int, log: Path, timeout: float = 180.0):
    """A web app child (own session) that listens on 127.0.0.1:`port`; yields its URL once it answers HTTP."""
    url = f"http://127.0.0.1:{port}/"
    with open(log, "w") as out:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{argv[-1]} exited with {proc.returncode}: {log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{argv[-1]} did not answer on {url} in {timeout:.0f} s: {log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        stop_group(proc)
