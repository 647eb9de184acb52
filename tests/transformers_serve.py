"""`transformers serve` on loopback for tests and benchmarks: a real OpenAI-compatible server (the tiny model here;
`vllm serve` or an API provider at scale, the client code being the same).

`serving_model(model_dir, workdir)` starts the server in its own session on a free loopback port with 1 torch thread
and `HF_HOME=workdir` (offline), waits for /health, yields the /v1 base URL, and stops the server's whole process
group in a finally block (SIGTERM, then SIGKILL). The server's output goes to `workdir/serve.log`, whose tail is in
the error when it does not start. Needs `transformers[serving]` (fastapi, uvicorn; in the dev extra).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


class ServerDidNotStart(RuntimeError):
    """`transformers serve` exited or did not answer /health in time; the message holds the end of its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def transformers_exe() -> str:
    exe = shutil.which("transformers", path=str(Path(sys.executable).parent)) or shutil.which("transformers")
    if exe is None:
        raise ServerDidNotStart("the `transformers` CLI is missing (pip install 'transformers[serving]')")
    return exe


def _wait_healthy(proc: subprocess.Popen, port: int, log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise ServerDidNotStart(f"transformers serve did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's process group, SIGKILL if it is still there after 15 s."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    except ProcessLookupError:
        proc.wait(timeout=5)


@contextlib.contextmanager
def serving_model(model_dir: str | Path, workdir: str | Path, timeout_s: float = 180.0) -> Iterator[str]:
    """Serves `model_dir` on loopback; yields the /v1 base URL (the model's name in requests is `str(model_dir)`)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HOME": str(workdir), "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_VERBOSITY": "error"}
    log_path = workdir / "serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([transformers_exe(), "serve", str(model_dir), "--host", "127.0.0.1", "--port",
                                 str(port), "--device", "cpu"], env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_healthy(proc, port, log_path, timeout_s)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        _stop(proc)
