"""Prompts, model loading and token counting for `pcwm predict`: the evaluation suites' templates and backends."""

from __future__ import annotations

import functools
from pathlib import Path

from pcwm.worldmodel.prompts import user_prompt

DEFAULT_THREADS = (4, 16, 64, 128)


def build_prompt(tool: str, code: str, file_name: str, lang: str, *, vs: str | None = None,
                 threads: tuple[int, ...] = DEFAULT_THREADS):
    """The evaluation suites' prompt for one prediction (workpct: `code` paired with `vs`, or with itself).

    Its meta (never sent to a model) is what the suites' non-LLM baselines read, so `baseline:oracle` answers
    race prompts with the sandbox's own verdict."""
    if tool == "tsan":
        meta = {"task": "tsan", "item_id": file_name, "file_name": file_name, "source": code, "lang": lang}
        return user_prompt("tsan_predict.j2", meta, file_name=file_name, lang=lang, code=code.rstrip("\n"))
    meta = {"task": "workpct_pair", "item_id": file_name, "file_name": file_name, "lang": lang}
    return user_prompt("workpct_pair.j2", meta, code_a=code.rstrip("\n"),
                       code_b=(code if vs is None else vs).rstrip("\n"), threads=list(threads))


@functools.lru_cache(maxsize=4)
def get_generator(spec: str, cpu_threads: int = 0, base_url_env: str = "OPENAI_BASE_URL",
                  api_key_env: str = "OPENAI_API_KEY"):
    """A cached `pcwm.evals.backends` generator, so repeated predictions (an agent's loop) load a model once."""
    from pcwm.evals.backends import make_generator

    return make_generator(spec, threads=cpu_threads, batch_size=1, base_url_env=base_url_env, api_key_env=api_key_env)


@functools.lru_cache(maxsize=4)
def _tokenizer_at(path: str):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(path)


def tokenizer_of(generator):
    """The tokenizer that counts the generator's tokens: its own (local models) or a local model folder an
    OpenAI-compatible server serves; None when unknown (an API model)."""
    tok = getattr(generator, "_tok", None)
    if tok is not None:
        return tok
    model = getattr(generator, "model", None) or getattr(generator, "path", None)
    if isinstance(model, str) and (Path(model) / "tokenizer_config.json").is_file():
        return _tokenizer_at(model)
    return None


def count_tokens(generator, prompt, texts: list[str]) -> tuple[int | None, list[int] | None]:
    """(prompt tokens incl. chat template, completion tokens per sample), or Nones if no tokenizer is known."""
    tok = tokenizer_of(generator)
    if tok is None:
        return None, None
    if getattr(tok, "chat_template", None):
        text = tok.apply_chat_template(prompt.messages, add_generation_prompt=True, tokenize=False)
    else:
        text = prompt.text
    n_prompt = len(tok(text, add_special_tokens=False)["input_ids"])
    return n_prompt, [len(tok(t, add_special_tokens=False)["input_ids"]) for t in texts]
