"""Training data for `pcwm train`: load the SFT view, check its format, decide the loss mask, drop overlong rows.

Accepted formats (TRL's):
- prompt/completion: `prompt` and `completion` columns, strings or lists of chat messages. TRL 1.16 masks the prompt
  from the loss by default (completion-only loss over `[CoT, outcome]`, the paper's objective);
- messages: a `messages` column of chat turns. Loss only on assistant turns needs `assistant_only_loss=True` and a
  chat template with `{% generation %}` markers (TRL swaps in its training template for known families).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from pcwm.train.config import SMOKE_DATASET, RecipeError

log = logging.getLogger(__name__)


def load_sft_dataset(script_args):
    """DatasetDict from `dataset_name`: the smoke builder, a local folder, or a Hub id at `dataset_revision`."""
    from datasets import Dataset, DatasetDict, load_dataset, load_from_disk

    name = script_args.dataset_name
    if name == SMOKE_DATASET:
        from pcwm.train.smoke_data import build_smoke_dataset

        ds = load_from_disk(str(build_smoke_dataset(script_args.smoke_seeds)))
    elif Path(name).exists():
        path = Path(name)
        if (path / "dataset_dict.json").exists() or (path / "dataset_info.json").exists():
            ds = load_from_disk(str(path))
        else:  # a folder or file of parquet/jsonl/csv
            ds = load_dataset(str(path), name=script_args.dataset_config)
    else:
        ds = load_dataset(name, name=script_args.dataset_config, revision=script_args.dataset_revision)
    if isinstance(ds, Dataset):
        ds = DatasetDict({script_args.dataset_train_split: ds})
    if script_args.dataset_train_split not in ds:
        raise RecipeError(f"dataset {name}: no split {script_args.dataset_train_split!r} (has {list(ds)})")
    ds = holdout_split(ds, script_args.dataset_test_size, script_args.dataset_train_split,
                       script_args.dataset_test_split)
    return select_view(ds, script_args.dataset_view)


def _problem_key(row: dict) -> str:
    prov = row.get("provenance") or {}
    return str(row.get("problem_id") or prov.get("problem_id") or row.get("id") or row.get("prompt") or row)


def holdout_split(ds, fraction: float, train_split: str, test_split: str):
    """Adds a test split of about `fraction` of the problems when the dataset has none (pcwm datasets ship one
    train split). Rows are assigned by a hash of their problem id, so all codes of a problem land on one side and
    the split is the same on every run and machine."""
    if fraction <= 0 or test_split in ds:
        return ds
    if not 0 < fraction < 1:
        raise RecipeError(f"dataset_test_size must be in (0, 1), got {fraction}")
    marked = ds[train_split].map(
        lambda row: {"_holdout": int(hashlib.sha256(_problem_key(row).encode()).hexdigest()[:8], 16) < fraction
                     * 16**8}, desc="Holding out problems")
    ds[test_split] = marked.filter(lambda r: r["_holdout"]).remove_columns("_holdout")
    ds[train_split] = marked.filter(lambda r: not r["_holdout"]).remove_columns("_holdout")
    if len(ds[test_split]) == 0 or len(ds[train_split]) == 0:
        raise RecipeError(f"dataset_test_size={fraction} leaves an empty split ({len(ds[train_split])} train, "
                          f"{len(ds[test_split])} test rows)")
    log.info("held out %d of %d rows by problem", len(ds[test_split]), len(marked))
    return ds


def select_view(ds, view: str):
    """Only the columns of one SFT view (pcwm datasets carry both; TRL must see exactly one format)."""
    from pcwm.data.sft import VIEWS

    columns = next(iter(ds.values())).column_names
    wanted = VIEWS[view]
    missing = [c for c in wanted if c not in columns]
    if missing:
        other = [v for v, cols in VIEWS.items() if v != view and all(c in columns for c in cols)]
        hint = f"; it has the {other[0]} view (set dataset_view: {other[0]})" if other else ""
        raise RecipeError(f"dataset has no {view} view: missing columns {missing} (columns {columns}){hint}")
    return ds.select_columns(wanted)


def sft_format(columns: list[str]) -> str:
    """'prompt_completion' or 'messages'; RecipeError naming the columns otherwise."""
    if "prompt" in columns and "completion" in columns:
        return "prompt_completion"
    if "messages" in columns:
        return "messages"
    raise RecipeError(f"dataset columns {columns}: expected prompt + completion or messages (pcwm's SFT views)")


def configure_loss_mask(columns: list[str], training_args) -> str:
    """Makes the loss cover only the assistant's `[CoT, outcome]` for either format; returns the format."""
    fmt = sft_format(columns)
    if fmt == "messages" and not training_args.assistant_only_loss:
        log.warning("messages dataset: setting assistant_only_loss=True so only [CoT, outcome] is trained on")
        training_args.assistant_only_loss = True
    return fmt


def _text_length(example: dict, tokenizer) -> int:
    if "messages" in example and "prompt" not in example:
        turns = example["messages"]
    elif isinstance(example["prompt"], list):
        turns = example["prompt"] + example["completion"]
    else:
        return len(tokenizer(example["prompt"] + example["completion"])["input_ids"])
    return len(tokenizer.apply_chat_template(turns, tokenize=True, return_dict=False))


def drop_overlong(dataset, tokenizer, max_length: int | None, num_proc: int | None = None):
    """Rows whose chat-templated prompt + completion fit in max_length (a truncated row would lose its outcome)."""
    if max_length is None:
        return dataset
    before = len(dataset)
    kept = dataset.filter(lambda ex: _text_length(ex, tokenizer) <= max_length, num_proc=num_proc,
                          desc=f"Dropping rows over {max_length} tokens")
    if len(kept) < before:
        log.warning("dropped %d of %d rows longer than max_length=%d", before - len(kept), before, max_length)
    if len(kept) == 0:
        raise RecipeError(f"every row is longer than max_length={max_length}")
    return kept


def prompt_messages(example: dict):
    """The model input of one row (prompt turns, or messages up to the last assistant turn) and the reference."""
    if "prompt" in example:
        prompt, completion = example["prompt"], example["completion"]
        reference = completion[-1]["content"] if isinstance(completion, list) else completion
        return prompt, reference
    turns = example["messages"]
    last = max(i for i, t in enumerate(turns) if t["role"] == "assistant")
    return turns[:last], turns[last]["content"]
