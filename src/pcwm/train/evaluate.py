"""The built-in after-training eval hook: generate on the held-out split and score the predicted tool outcomes.

A quick check that the trained model writes parseable answers that agree with the tool on unseen programs of the
training distribution. The benchmark numbers (DataRaceBench, ParEval) come from `pcwm eval`, not from here.

Scores (keys of the returned dict, also written to `eval_results.json` and shown in the model card):
- tsan: `heldout_race_accuracy` (race / no race agrees with the reference answer), `heldout_exact_match` (same
  set of (type, locations)), `heldout_parse_rate`;
- caliper (pairs): `heldout_rank_accuracy` (which code has the higher work % agrees, over thread counts),
  `heldout_parse_rate`.
"""

from __future__ import annotations

import logging

from pcwm.train.data import load_sft_dataset, prompt_messages
from pcwm.worldmodel.outcomes import OutcomeParseError, parse_tsan, parse_workpct_pair, program_workpct

log = logging.getLogger(__name__)


def _race_set(races: list[dict]) -> set:
    return {(r["type"], tuple(sorted(r["code_locations"]))) for r in races}


def score_tsan(response: str, reference: str) -> dict:
    truth = parse_tsan(reference)
    try:
        pred = parse_tsan(response)
    except OutcomeParseError:
        return {"parsed": 0.0, "race_accuracy": 0.0, "exact_match": 0.0}
    return {"parsed": 1.0, "race_accuracy": float(bool(pred) == bool(truth)),
            "exact_match": float(_race_set(pred) == _race_set(truth))}


def score_caliper_pair(response: str, reference: str) -> dict:
    first, second = parse_workpct_pair(reference)
    try:
        p_first, p_second = parse_workpct_pair(response)
    except OutcomeParseError:
        return {"parsed": 0.0, "rank_accuracy": 0.0}
    hits = []
    for t in sorted({t for r in first + second for t in r.work_pct}):
        true_a, true_b = program_workpct(first, t), program_workpct(second, t)
        pred_a, pred_b = program_workpct(p_first, t), program_workpct(p_second, t)
        if None in (true_a, true_b) or true_a == true_b:
            continue
        hits.append(float(pred_a is not None and pred_b is not None and (pred_a > pred_b) == (true_a > true_b)))
    return {"parsed": 1.0, "rank_accuracy": sum(hits) / len(hits) if hits else 0.0}


def generate(model, tokenizer, prompts: list, max_new_tokens: int, batch_size: int = 8) -> list[str]:
    """Greedy responses for chat prompts (lists of messages) or plain-text prompts, batched with left padding."""
    import torch

    tokenizer.padding_side = "left"
    texts = [tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True) if isinstance(p, list)
             else p for p in prompts]
    out = []
    for start in range(0, len(texts), batch_size):
        enc = tokenizer(texts[start:start + batch_size], return_tensors="pt", padding=True,
                        add_special_tokens=False).to(model.device)
        with torch.no_grad():
            gen = model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False,
                                 pad_token_id=tokenizer.pad_token_id)
        out += tokenizer.batch_decode(gen[:, enc["input_ids"].shape[1]:], skip_special_tokens=True)
    return out


def heldout_outcome_eval(model_dir: str, script_args, training_args) -> dict:
    """Scores the model saved in model_dir on up to eval_limit rows of the test split."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    ds = load_sft_dataset(script_args)
    split = script_args.dataset_test_split
    if split not in ds:
        raise ValueError(f"eval hook 'heldout' needs a {split!r} split in {script_args.dataset_name} (has "
                         f"{list(ds)}): set dataset_test_size (e.g. 0.02) to hold out problems")
    rows = ds[split]
    if training_args.eval_limit:
        rows = rows.select(range(min(training_args.eval_limit, len(rows))))
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype="auto").eval()
    if training_args.device.type != "cpu":
        model = model.to(training_args.device)
    pairs = [prompt_messages(r) for r in rows]
    responses = generate(model, tokenizer, [p for p, _ in pairs], training_args.eval_max_new_tokens,
                         batch_size=training_args.per_device_eval_batch_size)
    scorer = score_tsan if script_args.tool == "tsan" else score_caliper_pair
    per_row = [scorer(resp, ref) for resp, (_, ref) in zip(responses, pairs, strict=True)]
    metrics = {"heldout_n": len(per_row)}
    for key in per_row[0] if per_row else []:
        name = "parse_rate" if key == "parsed" else key
        metrics[f"heldout_{name}"] = round(sum(r[key] for r in per_row) / len(per_row), 4)
    log.info("heldout eval: %s", metrics)
    return metrics
