"""The OpenAI-compatible path against a real server on loopback: `transformers serve` with the tiny model.

The same client code talks to `vllm serve`, TGI or an API provider at scale; only the env var's URL differs.
"""

from __future__ import annotations

from pathlib import Path

import fastapi  # noqa: F401 - `transformers serve` needs transformers[serving] (fastapi, uvicorn), in the dev extra
import pytest

from pcwm.config import ModelSpec, load_recipe
from pcwm.models.llms import EnvOpenAILLM, build_llm
from pcwm.models.tiny import tiny_model_path
from transformers_serve import serving_model

REPO = Path(__file__).resolve().parents[3]
RECIPES = REPO / "recipes" / "generate"


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory):
    model = str(tiny_model_path())
    with serving_model(model, tmp_path_factory.mktemp("serve")) as url:
        yield url, model


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
