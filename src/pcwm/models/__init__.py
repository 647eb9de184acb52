"""pcwm's model layer: one registry from a model spec string to a model object, and the pipelines' distilabel LLMs.

`make_model(spec, **options)` -> a `Model` (`name`, `revision`, `model_params`, `load()`, `tokenizer`,
`generate(prompts, n, temperature, top_p, max_tokens) -> list[list[str]]`). Specs, `KIND[:TARGET][@REVISION]`:
- `tiny` — the tiny local Qwen2 of `pcwm.models.tiny` (CPU; its output is not meaningful, it exercises every path);
- `hf:PATH_OR_HUB_ID[@REV]` — local transformers (a checkpoint folder or a Hub id; CPU or one GPU);
- `openai:MODEL` — any OpenAI-compatible endpoint (vLLM serve, TGI, API providers); base URL and key come from the
  environment variables named by the `base_url_env` / `api_key_env` options (default OPENAI_BASE_URL / _API_KEY);
- `vllm:HUB_ID_OR_PATH[@REV]` — vLLM in-process (GPU only; imported at load());
- `llm:PROVIDER[:MODEL]` — a recipe provider (openai, vllm_server, vllm, transformers, tiny) through its distilabel
  LLM (`pcwm.models.llms`), so evals and data generation can share one client setup;
- `static` — `pcwm.static`'s program-analysis model (race prompts only; no GPU, milliseconds per program);
- `baseline:oracle|always-race|never-race|unchanged|critical` — the evaluation suites' non-LLM baselines
  (`pcwm.evals.baselines`).
The kinds are the entries of `pcwm.models.registry.KINDS`. Pipelines get distilabel LLMs from recipe model specs with
`pcwm.models.llms.build_llm` (imported apart: it imports distilabel).
"""

from pcwm.models.base import BackendError, Completion, Model, ModelBase, messages_of, text_of
from pcwm.models.registry import KINDS, Kind, ModelOptions, make_model, parse_spec, register_kind
from pcwm.models.tiny import TINY

__all__ = [
    "KINDS",
    "TINY",
    "BackendError",
    "Completion",
    "Kind",
    "Model",
    "ModelBase",
    "ModelOptions",
    "make_model",
    "messages_of",
    "parse_spec",
    "register_kind",
    "text_of",
]
