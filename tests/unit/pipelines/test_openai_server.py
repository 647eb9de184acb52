"""The OpenAI-compatible path against a real server on loopback: `transformers serve` with the tiny model.

The same client code talks to `vllm serve`, TGI or an API provider at scale; only the env var's URL differs.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import fastapi  # noqa: F401 - `transformers serve` needs transformers[serving] (fastapi, uvicorn), in the dev extra
import pytest

from pcwm.config import ModelSpec, load_recipe
from pcwm.llm import EnvOpenAILLM, build_llm

REPO = Path(__file__).resolve().parents[3]
RECIPES = REPO / "recipes" / "generate"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory):
    from pcwm.llm import _tiny_model_locked

    model = str(_tiny_model_locked())
    exe = shutil.which("transformers", path=str(Path(sys.executable).parent)) or shutil.which("transformers")
    if exe is None:
        pytest.fail("the `transformers` CLI is missing (pip install 'transformers[serving]', in the dev extra)")
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [exe, "serve", model, "--host", "127.0.0.1", "--port",
             str(port), "--device", "cpu"], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"transformers serve did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield f"{url}/v1", model
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            proc.wait()


def test_openai_llm_against_a_loopback_server(tiny_server, monkeypatch):
    url, model = tiny_server
    monkeypatch.setenv("PCWM_TEST_OPENAI_URL", url)
    llm = build_llm(ModelSpec(provider="openai", model=model, base_url_env="PCWM_TEST_OPENAI_URL",
                              generation={"max_new_tokens": 12, "temperature": 0.999, "top_p": 0.95},
                              response_cache=False))
    assert isinstance(llm, EnvOpenAILLM)
    llm.load()
    inputs = [[{"role": "user", "content": "Is `#pragma omp parallel for` racy here?"}],
              [{"role": "user", "content": "Predict ThreadSanitizer's report."}]]
    outs = llm.generate_outputs(inputs=inputs, num_generations=1, **llm.generation_kwargs)
    assert len(outs) == 2
    for o in outs:
        assert isinstance(o["generations"][0], str)  # a response came back (noise from the tiny model)
        assert o["statistics"]["output_tokens"][0] > 0


def test_tsan_pipeline_through_the_endpoint(tiny_server, monkeypatch, tmp_path):
    url, model = tiny_server
    monkeypatch.setenv("PCWM_TEST_OPENAI_URL", url)
    from pcwm.pipelines.run import run_recipe

    spec = {"provider": "openai", "model": model, "base_url_env": "PCWM_TEST_OPENAI_URL",
            "generation": {"max_new_tokens": 16}, "batch_size": 4}
    recipe = load_recipe(RECIPES / "tsan-tiny.yaml", {
        "models.tiny": spec, "problems.limit": 1, "candidates.mutations.operators": ["drop_reduction"],
        "sandbox.threads": [4], "cot.mode": "hindsight", "output.dir": str(tmp_path / "out"),
    })
    s = run_recipe(recipe).summary
    assert s["by_generator"].get(model, 0) >= 1  # candidates written through the endpoint
    assert s["cot_hindsight_generated"] == s["labelled"] > 0
