"""distilabel LLMs: what a recipe's model spec (`pcwm.config.ModelSpec`) becomes in a pipeline (`build_llm`), and the
`llm:PROVIDER[:MODEL]` model kind that puts any of them behind the `pcwm.models.Model` interface.

Providers:
- `openai`: any OpenAI-compatible chat endpoint (`vllm serve`, TGI, `transformers serve`, llama.cpp's server, API
  providers) through distilabel's `OpenAILLM`; a reasoning model's separate reasoning field (`vllm serve
  --reasoning-parser deepseek_r1` for QwQ-32B, `openai_gptoss` for GPT-OSS) is kept as a leading `<think>` block;
- `vllm_server`: a `vllm serve` endpoint through distilabel's `ClientvLLM` (completions API, chat template applied
  locally with `tokenizer`);
- `vllm`: offline batch generation on local GPUs through `OfflineVLLM`, our thin wrapper around `vllm.LLM`
  (distilabel 1.5.3's own `vLLM` class passes arguments current vLLM removed, then hangs);
- `transformers`: `TransformersLLM` on a local model directory or Hub id;
- `tiny`: `TransformersLLM` on the tiny model of `pcwm.models.tiny` (CPU, nothing downloaded): output is noise,
  every code path runs for real.

Endpoints and keys are never stored: the spec names environment variables (`base_url_env`, `api_key_env`) that are
read when the LLM is loaded, so a dumped pipeline YAML holds the variable names only.

Every pcwm LLM keeps its responses in a content-addressed cache (`$PCWM_CACHE_DIR/llm/`, keyed by model, messages,
number of generations and sampling parameters; `response_cache: false` turns it off). A pipeline replayed after a
hard kill thus gets the same responses without paying for them again, and its rows come out identical.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distilabel.models.llms import ClientvLLM, OpenAILLM, TransformersLLM
from distilabel.models.llms.base import LLM
from distilabel.typing import GenerateOutput
from pydantic import PrivateAttr, SecretStr, validate_call

from pcwm.config import ModelSpec
from pcwm.errors import MissingExtra, UsageError
from pcwm.io import write_json_atomic
from pcwm.models.base import Completion, messages_of
from pcwm.models.tiny import TINY, check_not_old_name, tiny_model_path
from pcwm.paths import llm_cache
from pcwm.pipelines.compat import ReasoningChatMixin


def _env(name: str | None, what: str, required: bool) -> str | None:
    if not name:
        return None
    value = os.environ.get(name)
    if required and not value:
        raise UsageError(f"{what}: environment variable {name} is not set")
    return value


class _ResponseCache:
    """Mixin: `generate_outputs` answers from the response cache where it can and stores what it generates."""

    def _cache_root(self) -> Path:
        return llm_cache()

    def _cache_key(self, messages: Any, num_generations: int, kwargs: dict) -> str:
        blob = json.dumps([type(self).__name__, self.model, messages, num_generations, kwargs], sort_keys=True,
                          default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def generate_outputs(self, inputs: list[Any], num_generations: int = 1, **kwargs: Any) -> list[GenerateOutput]:
        if not self.response_cache:
            return super().generate_outputs(inputs=inputs, num_generations=num_generations, **kwargs)
        root = self._cache_root()
        keys = [self._cache_key(x, num_generations, kwargs) for x in inputs]
        found: dict[int, GenerateOutput] = {}
        for i, k in enumerate(keys):
            try:
                found[i] = json.loads((root / k[:2] / f"{k}.json").read_text())
            except (OSError, ValueError):
                pass
        todo = [i for i in range(len(inputs)) if i not in found]
        if todo:
            fresh = super().generate_outputs(inputs=[inputs[i] for i in todo], num_generations=num_generations,
                                             **kwargs)
            for i, out in zip(todo, fresh, strict=True):
                found[i] = out
                if all(g is not None for g in out.get("generations", [])):  # failures are retried, not cached
                    write_json_atomic(root / keys[i][:2] / f"{keys[i]}.json", out)
        return [found[i] for i in range(len(inputs))]


class _EndpointFromEnv:
    """Mixin: fills `base_url` and `api_key` from the env vars named in `base_url_env`/`api_key_env` at load()."""

    def _resolve_endpoint(self) -> None:
        if not self.base_url:  # an explicit base_url (e.g. a --param of `distilabel pipeline run`) wins
            self.base_url = _env(self.base_url_env, f"model {self.model}", required=True)
        if self.api_key is None:
            key = _env(self.api_key_env, f"model {self.model}", required=False)
            self.api_key = SecretStr(key or "EMPTY")  # local servers accept any key


class EnvOpenAILLM(_ResponseCache, _EndpointFromEnv, ReasoningChatMixin, OpenAILLM):
    """`OpenAILLM` whose endpoint URL and key come from the environment variables it names, and whose generations
    keep a reasoning model's separate reasoning field (vLLM's reasoning parsers) as a leading `<think>` block."""

    response_cache: bool = True
    base_url_env: str = "OPENAI_BASE_URL"
    api_key_env: str | None = "OPENAI_API_KEY"

    def load(self) -> None:
        self._resolve_endpoint()
        super().load()


class EnvClientvLLM(_ResponseCache, _EndpointFromEnv, ClientvLLM):
    """`ClientvLLM` (a `vllm serve` endpoint) whose URL and key come from the environment variables it names."""

    response_cache: bool = True
    base_url_env: str = "VLLM_BASE_URL"
    api_key_env: str | None = None

    def load(self) -> None:
        self._resolve_endpoint()
        super().load()


class LocalTransformersLLM(_ResponseCache, TransformersLLM):
    """`TransformersLLM` with a torch thread count per process, and `model: tiny` for the built-in tiny model.

    On a small shared machine more than one thread per inference process makes OpenMP spin-waits collapse, so tests
    use `torch_threads: 1`.
    """

    torch_threads: int | None = None
    display_name: str | None = None
    response_cache: bool = True

    def load(self) -> None:
        if self.torch_threads:
            import torch

            torch.set_num_threads(self.torch_threads)
        check_not_old_name(self.model)
        if self.model == TINY:
            self.display_name = self.display_name or TINY
            self.model = str(tiny_model_path())
        super().load()

    @property
    def model_name(self) -> str:
        return self.display_name or self.model


class OfflineVLLM(_ResponseCache, LLM):
    """Offline batch generation with `vllm.LLM` on local GPUs (imported at load(), so pcwm never needs vllm here).

    `engine_kwargs` go to `vllm.LLM(...)` (tensor_parallel_size, max_model_len, gpu_memory_utilization, ...); chat
    inputs are rendered with the model's chat template by `LLM.chat`.
    """

    model: str
    engine_kwargs: dict[str, Any] = {}
    response_cache: bool = True
    _engine: Any = PrivateAttr(None)

    def load(self) -> None:
        super().load()
        try:
            import vllm
        except ImportError as exc:
            raise MissingExtra("provider vllm needs vllm on a GPU node: pip install 'pcwm[vllm]'") from exc
        self._engine = vllm.LLM(model=self.model, **self.engine_kwargs)

    @property
    def model_name(self) -> str:
        return self.model

    @validate_call
    def generate(  # type: ignore[override]
        self,
        inputs: list[Any],
        num_generations: int = 1,
        max_new_tokens: int = 1024,
        temperature: float = 1.0,
        top_p: float = 1.0,
        top_k: int = -1,
        seed: int | None = None,
        stop: list[str] | None = None,
    ) -> list[GenerateOutput]:
        from vllm import SamplingParams

        params = SamplingParams(
            n=num_generations, max_tokens=max_new_tokens, temperature=temperature, top_p=top_p, top_k=top_k,
            seed=seed, stop=stop,
        )
        results = self._engine.chat(inputs, params, use_tqdm=False)
        outputs = []
        for res in results:
            outputs.append({
                "generations": [o.text for o in res.outputs],
                "statistics": {
                    "input_tokens": [len(res.prompt_token_ids or [])] * len(res.outputs),
                    "output_tokens": [len(o.token_ids) for o in res.outputs],
                },
            })
        return outputs


def build_llm(spec: ModelSpec, name: str | None = None) -> LLM:
    """The distilabel LLM for a model spec; `name` (the recipe's key) labels tiny/local models in outputs."""
    gen = dict(spec.generation)
    extra = dict(spec.engine_kwargs)
    if spec.provider == "openai":
        return EnvOpenAILLM(
            model=spec.model, base_url=None, api_key=None, base_url_env=spec.base_url_env,
            api_key_env=spec.api_key_env, generation_kwargs=gen, response_cache=spec.response_cache, **extra,
        )
    if spec.provider == "vllm_server":
        return EnvClientvLLM(
            model=spec.model, base_url=None, api_key=None, base_url_env=spec.base_url_env,
            api_key_env=spec.api_key_env, tokenizer=spec.tokenizer or spec.model, generation_kwargs=gen,
            response_cache=spec.response_cache, **extra,
        )
    if spec.provider == "vllm":
        return OfflineVLLM(model=spec.model, engine_kwargs=extra, generation_kwargs=gen,
                           response_cache=spec.response_cache)
    model = TINY if spec.provider == "tiny" else spec.model
    return LocalTransformersLLM(
        model=model, device=extra.pop("device", "cpu" if spec.provider == "tiny" else None),
        torch_dtype=extra.pop("torch_dtype", "float32" if spec.provider == "tiny" else "auto"),
        torch_threads=spec.torch_threads, display_name=name if spec.provider == "tiny" else None,
        generation_kwargs=gen, token=None, response_cache=spec.response_cache, **extra,
    )



@dataclass
class DistilabelModel:
    """`llm:PROVIDER[:MODEL]`: any distilabel LLM (e.g. `build_llm` of a recipe provider: openai, vllm_server, vllm,
    transformers, tiny) behind the `pcwm.models.Model` interface, so evals and data generation share one client."""

    llm: LLM
    name: str = ""
    revision: str = ""
    model_params: int | None = None
    _loaded: bool = field(default=False, repr=False)

    @classmethod
    def from_spec(cls, target: str, revision: str, options) -> DistilabelModel:
        provider, _, model = target.partition(":")
        url_env = options.base_url_env if provider in ("openai", "vllm_server") else None
        spec = ModelSpec(provider=provider, model=model, base_url_env=url_env, api_key_env=options.api_key_env,
                         torch_threads=options.threads or None)
        return cls(build_llm(spec, name=options.name or None), name=options.name or f"llm:{target}".rstrip(":"))

    def __post_init__(self):
        self.name = self.name or f"llm:{self.llm.model_name}"
        self.revision = self.revision or "main"

    def load(self) -> None:
        if not self._loaded:
            self.llm.load()
            self._loaded = True

    @property
    def tokenizer(self) -> Any:
        return None

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        self.load()
        inputs = [messages_of(p) for p in prompts]
        kw: dict[str, Any] = {"max_new_tokens": max_tokens, "temperature": temperature, "top_p": top_p}
        if isinstance(self.llm, TransformersLLM):
            kw["do_sample"] = temperature > 0
        outs = self.llm.generate_outputs(inputs=inputs, num_generations=n, **kw)
        result = []
        for o in outs:
            stats = o.get("statistics") or {}
            ins, outs_ = stats.get("input_tokens") or [], stats.get("output_tokens") or []
            result.append([Completion(g or "", ins[j] if j < len(ins) else (ins[0] if ins else None),
                                      outs_[j] if j < len(outs_) else None)
                           for j, g in enumerate(o["generations"])])
        return result
