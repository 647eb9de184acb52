"""Fixtures for `pcwm predict`: DataRaceBench programs, a partial snippet, 1 torch thread, a real OpenAI-compatible
server (`transformers serve` on the tiny model) on loopback, and a scripted one (our own, answering given texts)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from openai_loopback import completion, serving
from pcwm.models.tiny import tiny_model_path
from transformers_serve import serving_model


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
    return str(tiny_model_path())


@pytest.fixture(scope="session")
def openai_server(tiny_model_dir, tmp_path_factory):
    """`transformers serve` with the tiny model (whose generation config samples, as chat models ship) on a
    loopback port, 1 thread: yields (base URL of /v1, served model folder = the model name for `openai:`)."""
    with serving_model(tiny_model_dir, tmp_path_factory.mktemp("hf-home")) as url:
        yield url, tiny_model_dir


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
    from pcwm.predict.generation import get_model

    endpoint = ScriptedEndpoint(url="")
    get_model.cache_clear()  # a cached client would still point at another test's port
    with serving(lambda body: _scripted_reply(endpoint, body)) as url:
        endpoint.url = url
        try:
            yield endpoint
        finally:
            get_model.cache_clear()
