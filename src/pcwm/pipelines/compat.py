"""The one place that touches distilabel's internals; written for, and checked against, distilabel 1.5.3.

- Logging: distilabel's `setup_logging` clears the root logger's handlers, sets its level from
  `DISTILABEL_LOG_LEVEL` (INFO by default) and prints through a rich handler on stdout. `distilabel_logging` makes it
  log at pcwm's level, to stderr, and puts pcwm's own handlers back afterwards, so stdout carries only what the
  command prints (`--json` stays one JSON document).
- Stopping: `on_graceful_stop` wraps `Pipeline._stop` (called by distilabel's SIGINT handler), so
  `pcwm.pipelines.run` can arm pcwm's hard-stop deadline; `pipeline_cache_dir` reads `Pipeline._cache_dir` (where
  the run marker goes).
- Progress: `on_batch` wraps `Pipeline._manage_batch_flow` to count the rows each step hands back.
- Step signatures: `exclude_from_signature` extends distilabel's private default set of fields left out of a step's
  signature (the cache key of its batches), for runtime knobs such as worker counts.
- Reasoning fields: `OpenAILLM._generations_from_openai_completion` keeps only `message.content`, so the reasoning a
  server returns apart (vLLM's reasoning parsers: `reasoning`, older releases and other servers:
  `reasoning_content`) would be lost. `ReasoningChatMixin` replaces that method to fold both fields into one text
  (`pcwm.pipelines.reasoning.compose`), read later by `split_response`.
- Ray queues: `RayPipeline.QueueClass` is overridden in pcwm.pipelines.ray_queue (all of a run's queues in one
  light actor); `ray_pipeline_of` builds that subclass as `Pipeline.ray()` does.
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


def ray_pipeline_of(pipeline, cls):
    """`pipeline.ray()`, but an instance of `cls` (a RayPipeline subclass): distilabel 1.5.3's `ray()` hard-codes
    RayPipeline, so this repeats what it does."""
    ray_pipeline = cls(
        name=pipeline.name, description=pipeline.description, cache_dir=pipeline._cache_dir,
        enable_metadata=pipeline._enable_metadata, requirements=pipeline.requirements,
    )
    ray_pipeline.dag = pipeline.dag
    return ray_pipeline


@contextlib.contextmanager
def distilabel_logging(level: int | None = None) -> Iterator[None]:
    """distilabel logs at `level` (default: the root logger's) to stderr; pcwm's logging is restored afterwards.

    Why: distilabel 1.5.3's `setup_logging` builds its `RichHandler` on stdout, from the module attribute
    `distilabel.utils.logging.RichHandler`; swapping that attribute for the run is the only way to move it to stderr.
    """
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
    routes each one through `Pipeline._manage_batch_flow`).

    Why: distilabel 1.5.3 has no per-batch callback; `_manage_batch_flow` is the private method every finished batch
    passes through in the main process, so wrapping it (and restoring it afterwards) is how the progress display counts
    rows.
    """
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


@contextlib.contextmanager
def output_loop_errors(pipeline) -> Iterator[list[BaseException]]:
    """Yields a list that receives the exception, if any, that ended distilabel's output-queue loop.

    Why: distilabel 1.5.3 runs `Pipeline._output_queue_loop` in a thread; when it dies (on Ray, a node holding the
    queues' actors is lost: ActorUnavailableError) the run still "finishes" and returns a Distiset missing every
    batch that loop never received, which would be written as a complete dataset. The caller turns a recorded
    error into an infrastructure failure instead.
    """
    check_version()
    errors: list[BaseException] = []
    original = pipeline._output_queue_loop

    def loop() -> None:
        try:
            original()
        except BaseException as exc:
            errors.append(exc)
            raise

    pipeline._output_queue_loop = loop
    try:
        yield errors
    finally:
        pipeline._output_queue_loop = original


def on_graceful_stop(pipeline, callback) -> None:
    """Calls `callback()` before distilabel's graceful stop runs.

    Why: distilabel 1.5.3 has no hook for "a stop was requested"; its SIGINT handler calls the private
    `Pipeline._stop`, so wrapping that method is the one place to learn of it (pcwm arms its hard-stop deadline there).
    """
    check_version()
    original = pipeline._stop

    def stop(*args, **kwargs) -> None:
        callback()
        original(*args, **kwargs)

    pipeline._stop = stop


def request_graceful_stop(pipeline) -> None:
    """Asks a running pipeline to stop the way Ctrl-C does (finish in-flight batches, keep the cache).

    Why: distilabel 1.5.3 reaches its graceful stop only through its SIGINT handler, which calls the private
    `Pipeline._stop`; pcwm calls it directly when a Ray node is lost mid-run.
    """
    check_version()
    pipeline._stop()


def pipeline_cache_dir(pipeline):
    """The folder distilabel caches this pipeline's batches under (`$DISTILABEL_CACHE_DIR` or its default).

    Why: distilabel 1.5.3 resolves it into the private `Pipeline._cache_dir` and exposes no public accessor; reading
    it keeps pcwm's run marker next to exactly the cache it describes.
    """
    check_version()
    return pipeline._cache_dir


def exclude_from_signature(*names: str) -> set[str]:
    """distilabel's default set of fields left out of a step's signature, plus `names`.

    Why: the signature names a step's cache folder, so runtime knobs (worker counts) must stay out of it or a resumed
    run with other settings would not find its batches; the default set is the private
    `distilabel.mixins.signature._EXCLUDE_FROM_SIGNATURE_DEFAULTS`, and a step's own `exclude_from_signature` field
    replaces it rather than extending it.
    """
    from distilabel.mixins.signature import _EXCLUDE_FROM_SIGNATURE_DEFAULTS

    check_version()
    return set(_EXCLUDE_FROM_SIGNATURE_DEFAULTS) | set(names)


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
    `<think>` block. Token statistics are distilabel's (prompt and completion tokens from the response's usage).

    Why: distilabel 1.5.3's private `_generations_from_openai_completion` drops every field but `message.content`, and
    there is no public option to keep the reasoning; overriding it (calling its private helpers for logprobs and
    statistics, as the original does) is the narrowest change.
    """

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
