"""The tiny model (spec `tiny`): a local causal LM for CPU runs, Qwen2 architecture from a config, tokenizer trained
here. Nothing downloaded.

It makes pipelines, training, evals and `pcwm predict` run end to end on a machine without a GPU or Hub access. Its
output is not meaningful; it exists so every code path that a 7B model takes on a GPU node is exercised for real here.
The tokenizer is trained on the seed bank's sources and the prompt templates (never on benchmark programs).
`tiny` is its one name everywhere: model specs, recipes' `provider: tiny`, train recipes' `model_name_or_path`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from pcwm import paths
from pcwm.errors import UsageError

TINY = "tiny"
OLD_NAMES = ("pcwm:tiny", "pcwm-tiny")  # earlier spellings, refused with a message naming `tiny`

# Qwen2.5-style chat template with {% generation %} markers, so TRL can mask everything but assistant turns.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'assistant' %}"
    "{{ '<|im_start|>assistant\n' }}{% generation %}{{ message['content'] + '<|im_end|>' }}{% endgeneration %}"
    "{{ '\n' }}"
    "{% else %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
_FORMAT = 2  # bump when the saved model's files change, so cached copies are rebuilt


@dataclass(frozen=True)
class TinySpec:
    vocab_size: int = 4096
    hidden_size: int = 64
    intermediate_size: int = 192
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    max_position_embeddings: int = 8192
    seed: int = 0


def default_corpus() -> list[str]:
    """Texts the tokenizer learns from: seed-bank sources and prompt templates shipped with pcwm."""
    root = Path(__file__).parents[1]  # the pcwm package
    texts = []
    for pattern in ("problems/seeds/**/*.c", "problems/seeds/**/*.cpp", "problems/seeds/**/*.md",
                    "pipelines/prompts/*"):
        for p in sorted(root.glob(pattern)):
            if p.is_file():
                texts.append(p.read_text(errors="replace"))
    texts.append("Here is a list of data races that ThreadSanitizer will catch:\n\n[]\n")
    texts.append("<think></think><answer></answer>")
    texts.append("#pragma omp parallel for reduction(+:sum) schedule(static) private(i) shared(a)\n" * 4)
    return texts


def tiny_model_dir(spec: TinySpec = TinySpec(), corpus: list[str] | None = None) -> Path:
    """The cached model folder for `spec` and `corpus` (default: the shipped corpus), under pcwm.paths.models_cache."""
    corpus = corpus if corpus is not None else default_corpus()
    key = hashlib.sha256(json.dumps([_FORMAT, asdict(spec), corpus], sort_keys=True).encode()).hexdigest()[:16]
    return paths.models_cache() / f"tiny-qwen2-{key}"


def build_tiny_model(out_dir: str | Path | None = None, spec: TinySpec = TinySpec(),
                     corpus: list[str] | None = None) -> Path:
    """Builds (once, cached by spec and corpus) a tiny Qwen2 model + tokenizer directory; returns its path."""
    corpus = corpus if corpus is not None else default_corpus()
    out = Path(out_dir) if out_dir else tiny_model_dir(spec, corpus)
    if (out / "config.json").exists() and (out / "tokenizer.json").exists():
        return out
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=spec.vocab_size, special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>", bos_token=None,
        unk_token=None, additional_special_tokens=SPECIAL_TOKENS[1:],
    )
    fast.chat_template = CHAT_TEMPLATE
    torch.manual_seed(spec.seed)
    config = Qwen2Config(
        vocab_size=len(fast), hidden_size=spec.hidden_size, intermediate_size=spec.intermediate_size,
        num_hidden_layers=spec.num_hidden_layers, num_attention_heads=spec.num_attention_heads,
        num_key_value_heads=spec.num_key_value_heads, max_position_embeddings=spec.max_position_embeddings,
        tie_word_embeddings=True, eos_token_id=fast.convert_tokens_to_ids("<|im_end|>"),
        pad_token_id=fast.convert_tokens_to_ids("<|endoftext|>"), bos_token_id=None,
    )
    model = Qwen2ForCausalLM(config)
    tmp = out.with_name(out.name + f".tmp-{os.getpid()}")
    model.save_pretrained(tmp)
    fast.save_pretrained(tmp)
    # Sampling by default, as released chat models ship: servers such as `transformers serve` decode greedily
    # unless the generation config asks for sampling, whatever temperature a request sends.
    model.generation_config.do_sample = True
    model.generation_config.temperature = 0.6
    model.generation_config.top_p = 0.95
    model.generation_config.save_pretrained(tmp)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(tmp, out)
    except OSError:  # another process built it first
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return out


def tiny_model_path() -> Path:
    """build_tiny_model() under a file lock: several processes (pipeline steps, test workers) may build it at once."""
    lock = paths.models_cache() / ".tiny.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            return build_tiny_model()
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def check_not_old_name(name: str) -> None:
    """A UsageError for the tiny model's earlier names (`pcwm:tiny`, `pcwm-tiny`): its one name is `tiny`."""
    if name in OLD_NAMES:
        raise UsageError(f"model {name!r}: the tiny test model is called `{TINY}` now")
