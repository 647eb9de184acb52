"""Which optional extra provides which import: a missing one is reported in one line that says what to install."""

from __future__ import annotations

# top-level module -> the pcwm extra that installs it (pyproject.toml [project.optional-dependencies])
EXTRA_OF_MODULE = {
    "caliperreader": "caliper",
    "openai": "gen", "transformers": "gen", "tokenizers": "gen",
    "torch": "train", "trl": "train", "peft": "train", "accelerate": "train",
    "evaluate": "eval", "duckdb": "eval", "matplotlib": "eval",
    "vllm": "vllm", "ray": "ray", "deepspeed": "gpu", "bitsandbytes": "gpu",
}


def missing_extra_message(exc: ModuleNotFoundError) -> str | None:
    """'this command needs the X extra ...' for a module an extra provides; None for anything else (a real bug)."""
    top = (exc.name or "").split(".")[0]
    extra = EXTRA_OF_MODULE.get(top)
    if extra is None:
        return None
    hint = " (install torch==2.13.0 first: the CPU wheel; an unpinned torch pulls CUDA)" if top == "torch" else ""
    return (f"this command needs the '{extra}' extra (module '{top}' is not installed): "
            f"pip install 'pcwm[{extra}]'{hint}")
