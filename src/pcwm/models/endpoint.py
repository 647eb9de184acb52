"""`openai:MODEL`: any OpenAI-compatible chat endpoint (`vllm serve`, TGI, `transformers serve`, API providers).

The base URL and key come from the environment variables the options name (default OPENAI_BASE_URL /
OPENAI_API_KEY), read when the client is made; nothing about the endpoint is stored.
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pcwm.models.base import BackendError, Completion, messages_of
from pcwm.pipelines.compat import reasoning_of
from pcwm.pipelines.reasoning import compose


@dataclass
class OpenAIModel:
    """Chat completions from any OpenAI-compatible server; `concurrency` requests in flight."""

    model: str
    name: str = ""
    revision: str = ""
    base_url_env: str = "OPENAI_BASE_URL"
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = 8
    timeout_s: float = 600.0
    model_params: int | None = None
    _client: Any = field(default=None, repr=False)

    @classmethod
    def from_spec(cls, target: str, revision: str, options) -> OpenAIModel:
        return cls(target, name=options.name, base_url_env=options.base_url_env, api_key_env=options.api_key_env)

    def __post_init__(self):
        self.name = self.name or f"openai:{self.model}"
        self.revision = self.revision or "api"

    def load(self) -> None:
        """Makes the client (no request is sent)."""
        if self._client is None:
            import openai

            base = os.environ.get(self.base_url_env)
            key = os.environ.get(self.api_key_env) or "EMPTY"
            if not base and self.base_url_env != "OPENAI_BASE_URL":
                raise BackendError(f"openai backend: set ${self.base_url_env} to the endpoint's base URL")
            self._client = openai.OpenAI(base_url=base, api_key=key, timeout=self.timeout_s, max_retries=3)

    @property
    def tokenizer(self) -> Any:
        """The tokenizer of the served model when `model` is a local model folder (e.g. `transformers serve
        FOLDER`), else None (an API model's tokenizer is not known here)."""
        if (Path(self.model) / "tokenizer_config.json").is_file():
            return _tokenizer_at(self.model)
        return None

    def _one(self, prompt, n, temperature, top_p, max_tokens) -> list[str]:
        texts: list[str] = []
        while len(texts) < n:  # some servers ignore n > 1
            resp = self._client.chat.completions.create(
                model=self.model, messages=messages_of(prompt), n=n - len(texts), temperature=temperature,
                top_p=top_p, max_tokens=max_tokens)
            got = chat_completions(resp)
            if not got:
                raise BackendError(f"{self.name}: the endpoint returned no choices")
            texts.extend(got)
        return texts[:n]

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        self.load()
        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            return list(pool.map(lambda p: self._one(p, n, temperature, top_p, max_tokens), prompts))


@functools.lru_cache(maxsize=4)
def _tokenizer_at(path: str):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(path)


def chat_completions(resp) -> list[Completion]:
    """The choices of a chat response as Completions: a reasoning model's separate reasoning field (vLLM's reasoning
    parsers) is kept as a leading <think> block; usage gives the token counts (completion tokens split evenly over
    the choices when the server sums them, as vLLM does for n > 1)."""
    usage = getattr(resp, "usage", None)
    n = max(1, len(resp.choices))
    prompt = getattr(usage, "prompt_tokens", None)
    total = getattr(usage, "completion_tokens", None)
    each = None if total is None else round(total / n)
    return [Completion(compose(reasoning_of(c.message), c.message.content) or "", prompt, each)
            for c in resp.choices]
