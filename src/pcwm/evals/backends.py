"""Inference backends for the evaluation suites: one `Generator` protocol, LLM backends and non-LLM baselines.

A model spec names a backend and a model, `KIND:NAME[@REVISION]`:
- `tiny` — pcwm.tinymodel's tiny local Qwen2 (CPU; its output is not meaningful, it exercises every code path);
- `hf:PATH_OR_HUB_ID[@REV]` — local transformers (a checkpoint folder or a Hub id; CPU or one GPU);
- `openai:MODEL` — any OpenAI-compatible endpoint (vLLM serve, TGI, API providers); base URL and key come from the
  environment variables named by `base_url_env` / `api_key_env` (default OPENAI_BASE_URL / OPENAI_API_KEY);
- `vllm:HUB_ID_OR_PATH[@REV]` — vLLM in-process (GPU only; imported lazily);
- `llm:PROVIDER:MODEL` — any provider of the pipelines' LLM layer (pcwm.llm.build_llm: openai, vllm_server, vllm,
  transformers, tiny) through its distilabel LLM, so evals and data generation share one client setup;
- `baseline:oracle` — the sandbox's own verdict (TSan for race prompts, a fresh profile for work-% pairs), rendered
  with pcwm.worldmodel.outcomes; `baseline:always-race`, `baseline:never-race`; race-fix actors `baseline:unchanged`
  (returns the code unchanged) and `baseline:critical` (critical sections around the lines the feedback names);
- `static` — pcwm.static's program-analysis model (race prompts only; no GPU, milliseconds per program).
All return, for each prompt, `n` completions: `generate(prompts, n, temperature, top_p, max_tokens) -> list[list[str]]`.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from pcwm.worldmodel.prompts import Prompt

log = logging.getLogger(__name__)


@runtime_checkable
class Generator(Protocol):
    name: str
    revision: str

    def generate(self, prompts: Sequence[Prompt | str], n: int = 1, temperature: float = 0.6, top_p: float = 0.95,
                 max_tokens: int = 1024) -> list[list[str]]: ...


class BackendError(RuntimeError):
    """A backend that cannot run here (missing package, no GPU, no endpoint configured)."""


class Completion(str):
    """A completion's text that also carries its token counts where the backend knows them (None otherwise); it
    is a `str` everywhere else. The eval rows store the counts (`pcwm.evals.run.token_fields`)."""

    prompt_tokens: int | None
    completion_tokens: int | None

    def __new__(cls, text: str | None, prompt_tokens: int | None = None, completion_tokens: int | None = None):
        obj = super().__new__(cls, text or "")
        obj.prompt_tokens = None if prompt_tokens is None else int(prompt_tokens)
        obj.completion_tokens = None if completion_tokens is None else int(completion_tokens)
        return obj


def as_prompt(p: Prompt | str) -> Prompt:
    return p if isinstance(p, Prompt) else Prompt(messages=[{"role": "user", "content": p}])


# ---------------------------------------------------------------- transformers (local)


@dataclass
class TransformersGenerator:
    """Local transformers generation, `batch_size` prompts at a time, n sequences per prompt in one call."""

    path: str
    name: str = ""
    revision: str = ""
    batch_size: int = 4
    max_batch_tokens: int = 65536  # bound on (prompt + new tokens) x sequences per generate() call
    threads: int = 0  # torch threads (0 = leave as is); tests use 1
    seed: int = 0
    _model: object = field(default=None, repr=False)
    _tok: object = field(default=None, repr=False)
    model_params: int | None = None

    def __post_init__(self):
        self.name = self.name or f"hf:{self.path}"
        local = Path(self.path).is_dir()
        self.revision = self.revision or (folder_revision(Path(self.path)) if local else "main")

    def _load(self):
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if self.threads:
            torch.set_num_threads(self.threads)
        local = Path(self.path).is_dir()
        kw = {} if local else {"revision": self.revision}
        self._tok = AutoTokenizer.from_pretrained(self.path, padding_side="left", **kw)
        if self._tok.pad_token is None:
            self._tok.pad_token = self._tok.eos_token
        self._model = AutoModelForCausalLM.from_pretrained(self.path, dtype="auto", **kw)
        self._model.eval()
        self.model_params = int(self._model.num_parameters())

    def _text(self, p: Prompt) -> str:
        if getattr(self._tok, "chat_template", None):
            return self._tok.apply_chat_template(p.messages, add_generation_prompt=True, tokenize=False)
        return p.text

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        """n completions per prompt; batches are bounded by `max_batch_tokens` (prompt + new tokens x sequences).

        A prompt that does not fit the model's context with `max_tokens` new tokens gets empty completions (scored
        as unparseable) and a warning, rather than a silently truncated program.
        """
        import torch

        self._load()
        torch.manual_seed(self.seed)
        texts = [self._text(as_prompt(p)) for p in prompts]
        lengths = [len(self._tok(t, add_special_tokens=False)["input_ids"]) for t in texts]
        ctx = getattr(self._model.config, "max_position_embeddings", None) or 10**9
        out: list[list[str]] = [[] for _ in texts]
        k = n if temperature > 0 else 1  # greedy decoding gives one answer: repeated n times
        batch: list[int] = []
        for i in sorted(range(len(texts)), key=lambda j: lengths[j]):
            if lengths[i] + max_tokens > ctx:
                log.warning("%s: prompt of %d tokens + %d new exceeds the context (%d): empty completion",
                            self.name, lengths[i], max_tokens, ctx)
                out[i] = [""] * n
                continue
            if batch and ((len(batch) + 1) * k * (lengths[i] + max_tokens) > self.max_batch_tokens
                          or len(batch) >= self.batch_size):
                self._run(batch, texts, out, k, temperature, top_p, max_tokens)
                batch = []
            batch.append(i)
        if batch:
            self._run(batch, texts, out, k, temperature, top_p, max_tokens)
        return [(o * n)[:n] if k == 1 else o for o in out]

    def _run(self, idx: list[int], texts: list[str], out: list[list[str]], k: int, temperature: float,
             top_p: float, max_tokens: int) -> None:
        """Generates k sequences for each prompt in idx, in chunks of sequences that fit the token budget."""
        import torch

        enc = self._tok([texts[i] for i in idx], return_tensors="pt", padding=True, add_special_tokens=False)
        per_seq = enc["input_ids"].shape[1] + max_tokens
        chunk = max(1, min(k, self.max_batch_tokens // (per_seq * len(idx))))
        kw = {"do_sample": temperature > 0, "max_new_tokens": max_tokens, "pad_token_id": self._tok.pad_token_id}
        if temperature > 0:
            kw.update(temperature=temperature, top_p=top_p)
        done = 0
        prompt_lens = enc["attention_mask"].sum(dim=1).tolist()
        while done < k:
            m = min(chunk, k - done)
            with torch.no_grad():
                seqs = self._model.generate(**enc, num_return_sequences=m, **kw)
            new = seqs[:, enc["input_ids"].shape[1]:]
            decoded = self._tok.batch_decode(new, skip_special_tokens=True)
            counts = [self._generated_length(row) for row in new.tolist()]
            for j, i in enumerate(idx):
                out[i].extend(Completion(decoded[n], prompt_lens[j], counts[n]) for n in range(j * m, (j + 1) * m))
            done += m

    def _generated_length(self, tokens: list[int]) -> int:
        """Tokens the model generated: up to and including its first end-of-sequence token (padding after)."""
        eos = self._model.generation_config.eos_token_id
        stops = set(eos if isinstance(eos, list) else [eos]) | {self._tok.pad_token_id}
        for n, t in enumerate(tokens):
            if t in stops:
                return n + 1
        return len(tokens)


def folder_revision(path: Path) -> str:
    """A content revision for a local checkpoint: hash of file names, sizes and first 64 KiB of each file."""
    h = hashlib.sha256()
    for p in sorted(x for x in path.rglob("*") if x.is_file()):
        h.update(str(p.relative_to(path)).encode())
        h.update(str(p.stat().st_size).encode())
        with open(p, "rb") as f:
            h.update(f.read(65536))
    return "local-" + h.hexdigest()[:12]


# ---------------------------------------------------------------- OpenAI-compatible endpoint


@dataclass
class OpenAIGenerator:
    """Chat completions from any OpenAI-compatible server; `concurrency` requests in flight."""

    model: str
    name: str = ""
    revision: str = ""
    base_url_env: str = "OPENAI_BASE_URL"
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = 8
    timeout_s: float = 600.0
    _client: object = field(default=None, repr=False)

    def __post_init__(self):
        self.name = self.name or f"openai:{self.model}"
        self.revision = self.revision or "api"

    def _get_client(self):
        if self._client is None:
            import openai

            base = os.environ.get(self.base_url_env)
            key = os.environ.get(self.api_key_env) or "EMPTY"
            if not base and self.base_url_env != "OPENAI_BASE_URL":
                raise BackendError(f"openai backend: set ${self.base_url_env} to the endpoint's base URL")
            self._client = openai.OpenAI(base_url=base, api_key=key, timeout=self.timeout_s, max_retries=3)
        return self._client

    def _one(self, p: Prompt, n, temperature, top_p, max_tokens) -> list[str]:
        client = self._get_client()
        texts: list[str] = []
        while len(texts) < n:  # some servers ignore n > 1
            resp = client.chat.completions.create(model=self.model, messages=p.messages, n=n - len(texts),
                                                  temperature=temperature, top_p=top_p, max_tokens=max_tokens)
            got = _chat_completions(resp)
            if not got:
                raise BackendError(f"{self.name}: the endpoint returned no choices")
            texts.extend(got)
        return texts[:n]

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        prompts = [as_prompt(p) for p in prompts]
        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            return list(pool.map(lambda p: self._one(p, n, temperature, top_p, max_tokens), prompts))


def _chat_completions(resp) -> list[Completion]:
    """The choices of a chat response as Completions: a reasoning model's separate reasoning field (vLLM's reasoning
    parsers) is kept as a leading <think> block; usage gives the token counts (completion tokens split evenly over
    the choices when the server sums them, as vLLM does for n > 1)."""
    from pcwm.pipelines.compat import reasoning_of
    from pcwm.pipelines.reasoning import compose

    usage = getattr(resp, "usage", None)
    n = max(1, len(resp.choices))
    prompt = getattr(usage, "prompt_tokens", None)
    total = getattr(usage, "completion_tokens", None)
    each = None if total is None else round(total / n)
    return [Completion(compose(reasoning_of(c.message), c.message.content) or "", prompt, each)
            for c in resp.choices]


# ---------------------------------------------------------------- vLLM in-process (GPU)


@dataclass
class VLLMGenerator:
    """vLLM's offline engine in this process (needs `pip install vllm` and a GPU)."""

    model: str
    name: str = ""
    revision: str = ""
    tensor_parallel_size: int = 1
    max_model_len: int = 16384
    seed: int = 0
    _llm: object = field(default=None, repr=False)

    def __post_init__(self):
        self.name = self.name or f"vllm:{self.model}"
        self.revision = self.revision or "main"

    def _load(self):
        if self._llm is not None:
            return
        try:
            import vllm
        except ImportError:
            raise BackendError("vllm backend: `pip install vllm` on a GPU machine (or use openai: with "
                               "`vllm serve`)") from None
        kw = {} if Path(self.model).is_dir() else {"revision": self.revision}
        self._llm = vllm.LLM(model=self.model, tensor_parallel_size=self.tensor_parallel_size,
                             max_model_len=self.max_model_len, seed=self.seed, **kw)

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        self._load()
        import vllm

        params = vllm.SamplingParams(n=n, temperature=temperature, top_p=top_p, max_tokens=max_tokens,
                                     seed=self.seed)
        outs = self._llm.chat([as_prompt(p).messages for p in prompts], params, use_tqdm=False)
        return [[Completion(c.text, len(o.prompt_token_ids or []), len(c.token_ids)) for c in o.outputs]
                for o in outs]


# ---------------------------------------------------------------- the pipelines' LLM layer (distilabel)


@dataclass
class DistilabelGenerator:
    """Any distilabel LLM (e.g. from pcwm.llm.build_llm) as a Generator."""

    llm: object
    name: str = ""
    revision: str = ""
    _loaded: bool = field(default=False, repr=False)

    def __post_init__(self):
        self.name = self.name or f"llm:{getattr(self.llm, 'model_name', 'model')}"
        self.revision = self.revision or "main"

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        if not self._loaded:
            self.llm.load()
            self._loaded = True
        inputs = [as_prompt(p).messages for p in prompts]
        kw = {"max_new_tokens": max_tokens, "temperature": temperature, "top_p": top_p}
        if type(self.llm).__name__.endswith("TransformersLLM"):
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


def llm_layer_generator(provider: str, model: str, *, name: str, threads: int, base_url_env: str,
                        api_key_env: str) -> DistilabelGenerator:
    from pcwm.config import ModelSpec
    from pcwm.llm import build_llm

    url_env = base_url_env if provider in ("openai", "vllm_server") else None
    spec = ModelSpec(provider=provider, model=model, base_url_env=url_env, api_key_env=api_key_env,
                     torch_threads=threads or None)
    return DistilabelGenerator(build_llm(spec, name=name or None), name=name or f"llm:{provider}:{model}".rstrip(":"))


# ---------------------------------------------------------------- model specs


def parse_spec(spec: str) -> tuple[str, str, str]:
    """'kind:name@rev' -> (kind, name, rev); a bare 'tiny' is ('tiny', '', '')."""
    if spec in ("tiny", "static"):
        return spec, "", ""
    kind, sep, rest = spec.partition(":")
    if not sep or kind not in ("hf", "openai", "vllm", "baseline", "tiny", "llm"):
        raise ValueError(f"model spec {spec!r}: expected tiny, hf:PATH_OR_ID[@REV], openai:MODEL, vllm:ID[@REV] or "
                         "llm:PROVIDER:MODEL, static or baseline:oracle|always-race|never-race|unchanged|critical")
    name, _, rev = rest.partition("@") if kind in ("hf", "vllm") else (rest, "", "")
    if not name and kind not in ("tiny", "llm"):
        raise ValueError(f"model spec {spec!r}: no model name after {kind}:")
    return kind, name, rev


def make_generator(spec: str, *, name: str = "", threads: int = 0, batch_size: int = 4,
                   base_url_env: str = "OPENAI_BASE_URL", api_key_env: str = "OPENAI_API_KEY",
                   tsan=None, profile=None) -> Generator:
    """The generator for a model spec. `tsan` (TsanSpec) and `profile` (ProfileSpec) configure the oracle baseline."""
    kind, model, rev = parse_spec(spec)
    if kind == "tiny":
        from pcwm.tinymodel import build_tiny_model

        return TransformersGenerator(str(build_tiny_model()), name=name or "tiny", threads=threads,
                                     batch_size=batch_size)
    if kind == "static":
        from pcwm.static.model import StaticModel

        return StaticModel(name=name or "static")
    if kind == "hf":
        return TransformersGenerator(model, name=name, revision=rev, threads=threads, batch_size=batch_size)
    if kind == "openai":
        return OpenAIGenerator(model, name=name, base_url_env=base_url_env, api_key_env=api_key_env)
    if kind == "vllm":
        return VLLMGenerator(model, name=name, revision=rev)
    if kind == "llm":
        provider, _, llm_model = model.partition(":")
        return llm_layer_generator(provider, llm_model, name=name, threads=threads, base_url_env=base_url_env,
                                   api_key_env=api_key_env)
    from pcwm.evals.baselines import make_baseline

    return make_baseline(model, name=name, tsan=tsan, profile=profile)
