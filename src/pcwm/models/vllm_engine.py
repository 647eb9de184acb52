"""`vllm:HUB_ID_OR_PATH[@REV]`: vLLM's offline engine in this process (needs `pip install vllm` and a GPU).

For a `vllm serve` endpoint use `openai:MODEL` with the server's URL instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pcwm.errors import MissingExtra
from pcwm.models.base import Completion, messages_of


@dataclass
class VLLMModel:
    """vLLM's offline engine (imported at load(), so pcwm never needs vllm elsewhere)."""

    model: str
    name: str = ""
    revision: str = ""
    tensor_parallel_size: int = 1
    max_model_len: int = 16384
    seed: int = 0
    model_params: int | None = None
    _llm: Any = field(default=None, repr=False)

    @classmethod
    def from_spec(cls, target: str, revision: str, options) -> VLLMModel:
        return cls(target, name=options.name, revision=revision)

    def __post_init__(self):
        self.name = self.name or f"vllm:{self.model}"
        self.revision = self.revision or "main"

    def load(self) -> None:
        if self._llm is not None:
            return
        try:
            import vllm
        except ImportError:
            raise MissingExtra("vllm backend: `pip install 'pcwm[vllm]'` on a GPU machine (or use openai: with "
                               "`vllm serve`)") from None
        kw = {} if Path(self.model).is_dir() else {"revision": self.revision}
        self._llm = vllm.LLM(model=self.model, tensor_parallel_size=self.tensor_parallel_size,
                             max_model_len=self.max_model_len, seed=self.seed, **kw)

    @property
    def tokenizer(self) -> Any:
        self.load()
        return self._llm.get_tokenizer()

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        self.load()
        import vllm

        params = vllm.SamplingParams(n=n, temperature=temperature, top_p=top_p, max_tokens=max_tokens,
                                     seed=self.seed)
        outs = self._llm.chat([messages_of(p) for p in prompts], params, use_tqdm=False)
        return [[Completion(c.text, len(o.prompt_token_ids or []), len(c.token_ids)) for c in o.outputs]
                for o in outs]
