"""What every model offers its callers (evals, race-fix, `pcwm predict`): `Model`, plus the shared small types.

A model answers prompts: a prompt is a string (one user message) or any object with `messages` (chat messages) and
optionally `meta` (never sent to a model; non-LLM baselines read it), such as `pcwm.worldmodel.prompts.Prompt`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from pcwm.errors import PcwmError


class BackendError(PcwmError, RuntimeError):
    """A model that cannot run here or failed (missing package, no GPU, no endpoint configured, endpoint down)."""


@runtime_checkable
class Model(Protocol):
    """The public interface of a model object (see `pcwm.models.make_model`).

    `name` labels the model's rows; `revision` pins what answered (a Hub revision, a content hash of a local folder,
    `api` for an endpoint); `model_params` is the parameter count once known (None otherwise); `tokenizer` is the
    tokenizer that counts its tokens (None where there is none to be had, e.g. an API model or a baseline).
    `load()` does the slow part (reading weights, connecting) and may be called any number of times; `generate`
    calls it when it was not called. `generate` returns, per prompt, `n` completions (`Completion`s where the
    backend knows token counts); greedy decoding (`temperature` 0) repeats its one answer `n` times.
    """

    name: str
    revision: str
    model_params: int | None

    def load(self) -> None: ...

    @property
    def tokenizer(self) -> Any: ...

    def generate(self, prompts: Sequence[Any], n: int = 1, temperature: float = 0.6, top_p: float = 0.95,
                 max_tokens: int = 1024) -> list[list[str]]: ...


class ModelBase:
    """Defaults for a model with nothing to load and no tokenizer (baselines, the static model)."""

    name: str = ""
    revision: str = ""
    model_params: int | None = None

    def load(self) -> None:
        """Nothing to load."""

    @property
    def tokenizer(self) -> Any:
        return None


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


def messages_of(prompt: Any) -> list[dict]:
    """The chat messages of a prompt (a string is one user message)."""
    return [{"role": "user", "content": prompt}] if isinstance(prompt, str) else prompt.messages


def text_of(prompt: Any) -> str:
    """A prompt as plain text (for a tokenizer without chat template): its messages' contents, blank-line joined."""
    return "\n\n".join(m["content"] for m in messages_of(prompt))
