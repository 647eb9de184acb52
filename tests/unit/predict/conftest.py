"""Fixtures for `pcwm predict`: DataRaceBench programs, a partial snippet, 1 torch thread, a real OpenAI-compatible
server (`transformers serve` on the tiny model) on loopback, and a scripted one (our own, answering given texts)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from openai_loopback import completion, serving


@pytest.fixture(scope="session")
def one_thread():
    """Local generation on 1 thread (2 shared cores: more threads collapse under OpenMP spin-waits)."""
    import torch

    os.environ["OMP_NUM_THREADS"] = "1"
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def drb(shared_data_dir) -> callable:
    def path(name: str) -> Path:
        p = shared_data_dir / name
        assert p.is_file(), f"missing DataRaceBench program {p}"
        return p

    return path


@pytest.fixture(scope="session")
def shared_data_dir(bench) -> Path:
    return bench("dataracebench")


@pytest.fixture(scope="session")
def tiny_model_dir() -> str:
    from pcwm.tinymodel import build_tiny_model

    return str(build_tiny_model())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sampling_copy(model_dir: str, dest: Path) -> str:
    """The tiny model with `do_sample: true` in its generation config, as chat models ship it: `transformers serve`
    samples only when the model's generation config says so (else it decodes greedily whatever the temperature)."""
    shutil.copytree(model_dir, dest)
    cfg_path = dest / "generation_config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg.update(do_sample=True, temperature=0.6, top_p=0.95)
    cfg_path.write_text(json.dumps(cfg, indent=1))
    return str(dest)


@pytest.fixture(scope="session")
def openai_server(tiny_model_dir, tmp_path_factory):
    """`transformers serve` with the tiny model on a loopback port, 1 thread: yields (base URL of /v1, served model
    folder = the model name for `openai:`); the server's process group is killed afterwards."""
    exe = shutil.which("transformers", path=str(Path(sys.executable).parent)) or shutil.which("transformers")
    if exe is None:
        pytest.fail("the `transformers` CLI is missing (pip install 'transformers[serving]')")
    port = _free_port()
    home = tmp_path_factory.mktemp("hf-home")
    model = sampling_copy(tiny_model_dir, home / "tiny-sampling")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HOME": str(home), "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_VERBOSITY": "error"}
    log = open(home / "serve.log", "w")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen([exe, "serve", model, "--host", "127.0.0.1", "--port", str(port),
                             "--device", "cpu"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"transformers serve did not start: {(home / 'serve.log').read_text()[-2000:]}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/v1", model
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)
        log.close()


@dataclass
class ScriptedEndpoint:
    """What the scripted server answers (`replies`, one per request, in order, the last one repeated) and what it
    was asked (`requests`: the JSON bodies)."""

    url: str
    replies: list[str] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)

    def next_reply(self) -> str:
        i = min(len(self.requests), len(self.replies)) - 1
        return self.replies[i]


def _scripted_reply(endpoint: ScriptedEndpoint, body: dict) -> dict:
    endpoint.requests.append(body)
    text = endpoint.next_reply()
    # one choice per request whatever n says, as `transformers serve` does: the client asks again
    return completion(f"scripted-{len(endpoint.requests)}", body["model"], [{"role": "assistant", "content": text}])


@pytest.fixture
def scripted_endpoint():
    """An OpenAI-compatible chat endpoint on loopback (a thread of this process) that answers with the texts a test
    puts in `.replies`, so verdicts and exit codes can be asserted exactly; `.url` is its /v1 base URL."""
    from pcwm.predict.generation import get_generator

    endpoint = ScriptedEndpoint(url="")
    get_generator.cache_clear()  # a cached client would still point at another test's port
    with serving(lambda body: _scripted_reply(endpoint, body)) as url:
        endpoint.url = url
        try:
            yield endpoint
        finally:
            get_generator.cache_clear()
