"""Generators: spec parsing, the tiny local model, an OpenAI-compatible endpoint (real client, loopback server),
the pipelines' LLM layer, and the vLLM backend's error without vllm."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pcwm.evals.backends import (
    BackendError,
    Generator,
    OpenAIGenerator,
    VLLMGenerator,
    make_generator,
    parse_spec,
)
from pcwm.worldmodel.prompts import Prompt


def test_parse_spec():
    assert parse_spec("tiny") == ("tiny", "", "")
    assert parse_spec("hf:Qwen/Qwen2.5-7B-Instruct@abc") == ("hf", "Qwen/Qwen2.5-7B-Instruct", "abc")
    assert parse_spec("openai:gpt-4.1-mini") == ("openai", "gpt-4.1-mini", "")
    assert parse_spec("baseline:oracle") == ("baseline", "oracle", "")
    for bad in ("gpt4", "hf:", "foo:bar"):
        with pytest.raises(ValueError, match="model spec"):
            parse_spec(bad)
    with pytest.raises(ValueError, match="unknown baseline"):
        make_generator("baseline:magic")


def test_tiny_model_gives_n_samples_per_prompt():
    gen = make_generator("tiny", threads=1, batch_size=2)
    assert isinstance(gen, Generator)
    outs = gen.generate([Prompt([{"role": "user", "content": "int main() {}"}]), "hello", "x"], n=3,
                        temperature=0.6, max_tokens=8)
    assert [len(o) for o in outs] == [3, 3, 3]
    assert all(isinstance(t, str) for o in outs for t in o)
    assert gen.revision.startswith("local-")
    greedy = gen.generate(["same prompt"], n=2, temperature=0.0, max_tokens=6)
    assert greedy[0][0] == greedy[0][1]


class _ChatHandler(BaseHTTPRequestHandler):
    seen: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append((self.path, self.headers.get("Authorization"), body))
        n = 1  # like servers that ignore n > 1: the client must ask again
        text = f"echo {body['messages'][-1]['content'][:12]} t={body['temperature']}"
        resp = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                "choices": [{"index": i, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}
                            for i in range(n)]}
        data = json.dumps(resp).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_openai_endpoint_from_env_vars(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChatHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("MY_URL", f"http://127.0.0.1:{server.server_port}/v1")
        monkeypatch.setenv("MY_KEY", "secret")
        gen = make_generator("openai:wm-7b", base_url_env="MY_URL", api_key_env="MY_KEY")
        assert isinstance(gen, OpenAIGenerator)
        outs = gen.generate(["first prompt", "second prompt"], n=2, temperature=0.6, max_tokens=16)
        assert outs == [["echo first prompt t=0.6"] * 2, ["echo second promp t=0.6"] * 2]
        path, auth, body = _ChatHandler.seen[0]
        assert path == "/v1/chat/completions" and auth == "Bearer secret" and body["model"] == "wm-7b"
    finally:
        server.shutdown()
    with pytest.raises(BackendError, match="NOT_SET_URL"):
        OpenAIGenerator("m", base_url_env="NOT_SET_URL").generate(["x"])


def test_pipeline_llm_layer_adapter():
    gen = make_generator("llm:tiny", threads=1)
    outs = gen.generate(["int main() { return 0; }"], n=2, temperature=0.6, max_tokens=6)
    assert len(outs) == 1 and len(outs[0]) == 2 and gen.name == "llm:tiny"


def test_vllm_needs_vllm():
    try:
        import vllm  # noqa: F401
        pytest.skip("vllm is installed (a GPU machine): this checks the error a machine without vllm gives")
    except ImportError:
        pass
    with pytest.raises(BackendError, match="pip install vllm"):
        VLLMGenerator("Qwen/Qwen2.5-7B-Instruct").generate(["x"])
