"""pcwm.models.llms: recipe model specs -> distilabel LLMs; env-named endpoints; the tiny CPU model; response cache."""

from __future__ import annotations

import pytest

from pcwm.config import ModelSpec
from pcwm.models.llms import EnvClientvLLM, EnvOpenAILLM, LocalTransformersLLM, OfflineVLLM, build_llm


def test_openai_spec_names_env_vars_and_stores_no_endpoint(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://should-not-leak:1/v1")
    spec = ModelSpec(provider="openai", model="gpt-4o", base_url_env="PCWM_TEST_URL", api_key_env="PCWM_TEST_KEY",
                     generation={"temperature": 0.999, "top_p": 0.95, "max_new_tokens": 32})
    llm = build_llm(spec)
    assert isinstance(llm, EnvOpenAILLM)
    dumped = str(llm.dump())
    assert "PCWM_TEST_URL" in dumped and "should-not-leak" not in dumped
    monkeypatch.delenv("PCWM_TEST_URL", raising=False)
    with pytest.raises(ValueError, match="PCWM_TEST_URL is not set"):
        llm.load()
    monkeypatch.setenv("PCWM_TEST_URL", "http://127.0.0.1:9/v1")
    llm.load()
    assert llm.base_url == "http://127.0.0.1:9/v1"
    assert llm.api_key.get_secret_value() == "EMPTY"  # unset key env var: any key for local servers


def test_other_providers_build(monkeypatch):
    srv = build_llm(ModelSpec(provider="vllm_server", model="org/m", base_url_env="U", tokenizer="org/tok"))
    assert isinstance(srv, EnvClientvLLM) and srv.tokenizer == "org/tok"
    off = build_llm(ModelSpec(provider="vllm", model="org/m", engine_kwargs={"tensor_parallel_size": 2}))
    assert isinstance(off, OfflineVLLM) and off.engine_kwargs == {"tensor_parallel_size": 2}
    try:
        import vllm  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="vllm"):
            off.load()
    tiny = build_llm(ModelSpec(provider="tiny", torch_threads=1), name="teacher")
    assert isinstance(tiny, LocalTransformersLLM) and tiny.model == "tiny"


def test_tiny_model_generates_on_one_thread_and_caches_responses():
    import torch

    from pcwm.paths import llm_cache

    llm = build_llm(ModelSpec(provider="tiny", torch_threads=1, generation={"max_new_tokens": 8}), name="tiny")
    llm.load()
    assert llm.model_name == "tiny" and torch.get_num_threads() == 1
    inputs = [[{"role": "user", "content": "Does this loop race? #pragma omp parallel for"}]]
    first = llm.generate_outputs(inputs=inputs, num_generations=2, max_new_tokens=8)
    assert len(first) == 1 and len(first[0]["generations"]) == 2
    assert first[0]["statistics"]["output_tokens"][0] > 0
    n_cached = len(list(llm_cache().rglob("*.json")))
    assert n_cached >= 1
    again = llm.generate_outputs(inputs=inputs, num_generations=2, max_new_tokens=8)
    assert again == first  # served from the cache: identical, and nothing new stored
    assert len(list(llm_cache().rglob("*.json"))) == n_cached
