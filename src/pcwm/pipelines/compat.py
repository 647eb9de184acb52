"""The one place that touches distilabel's internals; written for, and checked against, distilabel 1.5.3.

- Logging: distilabel's `setup_logging` clears the root logger's handlers, sets its level from
  `DISTILABEL_LOG_LEVEL` (INFO by default) and prints through a rich handler on stdout. `distilabel_logging` makes it
  log at pcwm's level, to stderr, and puts pcwm's own handlers back afterwards, so stdout carries only what the
  command prints (`--json` stays one JSON document).
- Stopping: `pcwm.pipelines.run` wraps `Pipeline._stop` (called by distilabel's SIGINT handler) to arm pcwm's
  hard-stop deadline, and reads `Pipeline._cache_dir` for its run marker.
- Reasoning fields: `OpenAILLM._generations_from_openai_completion` keeps only `message.content`, so the reasoning a
  server returns apart (vLLM's reasoning parsers: `reasoning`, older releases and other servers:
  `reasoning_content`) would be lost. `ReasoningChatMixin` replaces that method to fold both fields into one text
  (`pcwm.pipelines.reasoning.compose`), read later by `split_response`.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

DISTILABEL_VERSION = "1.5.3"


def check_version() -> None:
    """Fails loudly when the installed distilabel is not the one this module was written for."""
    import distilabel

    if distilabel.__version__ != DISTILABEL_VERSION:
        raise RuntimeError(f"pcwm.pipelines.compat was written for distilabel {DISTILABEL_VERSION}, found "
                           f"{distilabel.__version__}: check its patches before allowing this version")


@contextlib.contextmanager
def distilabel_logging(level: int | None = None) -> Iterator[None]:
    """distilabel logs at `level` (default: the root logger's) to stderr; pcwm's logging is restored afterwards."""
    import distilabel.utils.logging as dl_logging
    from rich.console import Console
    from rich.logging import RichHandler

    check_version()
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    name = logging.getLevelName(level if level is not None else (saved_level or logging.WARNING))
    saved_env = os.environ.get("DISTILABEL_LOG_LEVEL")
    known = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
    os.environ["DISTILABEL_LOG_LEVEL"] = name if name in known else "WARNING"
    original = dl_logging.RichHandler
    dl_logging.RichHandler = lambda *a, **kw: RichHandler(*a, console=Console(stderr=True), **kw)
    try:
        yield
    finally:
        dl_logging.RichHandler = original
        if saved_env is None:
            os.environ.pop("DISTILABEL_LOG_LEVEL", None)
        else:
            os.environ["DISTILABEL_LOG_LEVEL"] = saved_env
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


@contextlib.contextmanager
def on_batch(pipeline, callback) -> Iterator[None]:
    """Calls `callback(step_name, rows, last)` for every batch a step hands back to the main process (distilabel
    routes each one through `Pipeline._manage_batch_flow`)."""
    check_version()
    original = pipeline._manage_batch_flow

    def manage(batch) -> None:
        try:
            rows = len(batch.data[0]) if batch.data else 0
            callback(batch.step_name, rows, bool(batch.last_batch))
        except Exception:  # progress display must never break the run
            logging.getLogger(__name__).debug("progress callback failed", exc_info=True)
        original(batch)

    pipeline._manage_batch_flow = manage
    try:
        yield
    finally:
        pipeline._manage_batch_flow = original


REASONING_FIELDS = ("reasoning", "reasoning_content")


def reasoning_of(message: Any) -> str | None:
    """The reasoning a chat message carries apart from its content (`reasoning` first, then `reasoning_content`)."""
    extra = getattr(message, "model_extra", None) or {}
    for name in REASONING_FIELDS:
        value = getattr(message, name, None)
        if value is None:
            value = extra.get(name) if isinstance(extra, dict) else None
        if isinstance(value, str) and value.strip():
            return value
    return None


class ReasoningChatMixin:
    """For distilabel's `OpenAILLM`: chat generations keep the reasoning field, folded in front of the content as a
    `<think>` block. Token statistics are distilabel's (prompt and completion tokens from the response's usage)."""

    def _generations_from_openai_completion(self, completion: Any) -> dict:
        from distilabel.models.llms.utils import prepare_output

        from pcwm.pipelines.reasoning import compose

        check_version()
        generations, logprobs = [], []
        for choice in completion.choices:
            text = compose(reasoning_of(choice.message), choice.message.content)
            if text is None:
                self._logger.warning(f"no response from {self.model} (finish reason: {choice.finish_reason})")
            generations.append(text)
            if choice_logprobs := self._get_logprobs_from_chat_completion_choice(choice):
                logprobs.append(choice_logprobs)
        statistics = self._get_llm_statistics(completion)
        return prepare_output(generations=generations, input_tokens=statistics["input_tokens"],
                              output_tokens=statistics["output_tokens"], logprobs=logprobs)
