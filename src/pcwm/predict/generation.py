"""Prompts, model loading and token counting for `pcwm predict`: the evaluation suites' templates, `pcwm.models`."""

from __future__ import annotations

import functools

from pcwm.models import Model, make_model, messages_of, text_of
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
def get_model(spec: str, cpu_threads: int = 0, base_url_env: str = "OPENAI_BASE_URL",
                  api_key_env: str = "OPENAI_API_KEY") -> Model:
    """A cached model (`pcwm.models.make_model`), so repeated predictions (an agent's loop) load a model once."""
    return make_model(spec, threads=cpu_threads, batch_size=1, base_url_env=base_url_env, api_key_env=api_key_env)


def count_tokens(model, prompt, texts: list[str]) -> tuple[int | None, list[int] | None]:
    """(prompt tokens incl. chat template, completion tokens per sample), or Nones if the model has no tokenizer."""
    tok = getattr(model, "tokenizer", None)
    if tok is None:
        return None, None
    if getattr(tok, "chat_template", None):
        text = tok.apply_chat_template(messages_of(prompt), add_generation_prompt=True, tokenize=False)
    else:
        text = text_of(prompt)
    n_prompt = len(tok(text, add_special_tokens=False)["input_ids"])
    return n_prompt, [len(tok(t, add_special_tokens=False)["input_ids"]) for t in texts]
