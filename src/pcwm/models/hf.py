"""Local transformers models: `hf:PATH_OR_HUB_ID[@REV]` (a checkpoint folder or a Hub id; CPU or one GPU) and `tiny`
(the tiny CPU model of `pcwm.models.tiny`).

Generation is batched by a token budget, with `n` sequences per prompt in one call, and seeded (`seed`, default 0)
at every `generate` call, so the same prompts give the same completions run after run.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pcwm.models.base import Completion, messages_of, text_of
from pcwm.models.tiny import TINY, tiny_model_path

log = logging.getLogger(__name__)


@dataclass
class TransformersModel:
    """Local transformers generation, `batch_size` prompts at a time, n sequences per prompt in one call."""

    path: str
    name: str = ""
    revision: str = ""
    batch_size: int = 4
    max_batch_tokens: int = 65536  # bound on (prompt + new tokens) x sequences per generate() call
    threads: int = 0  # torch threads (0 = leave as is); tests use 1
    seed: int = 0
    model_params: int | None = None
    _model: Any = field(default=None, repr=False)
    _tok: Any = field(default=None, repr=False)

    @classmethod
    def from_spec(cls, target: str, revision: str, options) -> TransformersModel:
        return cls(target, name=options.name, revision=revision, threads=options.threads,
                   batch_size=options.batch_size)

    def __post_init__(self):
        self.name = self.name or f"hf:{self.path}"
        local = Path(self.path).is_dir()
        self.revision = self.revision or (folder_revision(Path(self.path)) if local else "main")

    def load(self) -> None:
        """Reads the tokenizer and weights (once)."""
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

    @property
    def tokenizer(self) -> Any:
        self.load()
        return self._tok

    def _text(self, prompt) -> str:
        if getattr(self._tok, "chat_template", None):
            return self._tok.apply_chat_template(messages_of(prompt), add_generation_prompt=True, tokenize=False)
        return text_of(prompt)

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        """n completions per prompt; batches are bounded by `max_batch_tokens` (prompt + new tokens x sequences).

        A prompt that does not fit the model's context with `max_tokens` new tokens gets empty completions (scored
        as unparseable) and a warning, rather than a silently truncated program.
        """
        import torch

        self.load()
        torch.manual_seed(self.seed)
        texts = [self._text(p) for p in prompts]
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


class TinyModel(TransformersModel):
    """`tiny`: the tiny CPU model of `pcwm.models.tiny`, built (once, cached) when the spec is made."""

    @classmethod
    def from_spec(cls, target: str, revision: str, options) -> TinyModel:
        return cls(str(tiny_model_path()), name=options.name or TINY, threads=options.threads,
                   batch_size=options.batch_size)


def folder_revision(path: Path) -> str:
    """A content revision for a local checkpoint: hash of file names, sizes and first 64 KiB of each file."""
    h = hashlib.sha256()
    for p in sorted(x for x in path.rglob("*") if x.is_file()):
        h.update(str(p.relative_to(path)).encode())
        h.update(str(p.stat().st_size).encode())
        with open(p, "rb") as f:
            h.update(f.read(65536))
    return "local-" + h.hexdigest()[:12]
