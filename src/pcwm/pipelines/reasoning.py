"""Teacher responses as reasoning models really answer: one split into (reasoning, answer), and the leak filter.

The shapes a served reasoning model gives (see FACTS.md, vLLM's reasoning-outputs docs):
- `reasoning_field`: vLLM with a reasoning parser (`deepseek_r1` for QwQ-32B, `openai_gptoss` for GPT-OSS) returns
  the reasoning in the message field `reasoning` (current vLLM) or `reasoning_content` (older releases, other
  servers) and only the rest in `content`. `pcwm.pipelines.compat` folds both fields into one text,
  `compose(reasoning, content)`, so every later step reads one string;
- `closing_tag`: QwQ-32B without a parser: its chat template opens `<think>` in the prompt, so the completion holds
  the reasoning, then a lone `</think>`, then the answer;
- `think_block`: a full `<think>...</think>` block (models that write both tags, or a prompt asking for them);
- `harmony`: GPT-OSS text served without a parser, with its channels (`<|channel|>analysis<|message|>...` then
  `<|channel|>final<|message|>...`);
- `plain`: no reasoning marker at all.

Which text is the CoT: the hindsight prompts ask the teacher to *in-fill* a chain of thought inside `<think>` tags in
its answer. A reasoning model first thinks privately (that private text often talks about the outcome it was
shown), then writes its final text. When the final text holds a `<think>` block, that block is the CoT; otherwise the
model's own reasoning is. Either way the chosen CoT goes through `leak_reason`, which rejects a CoT that cites
having been given the outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pcwm.worldmodel import outcomes

OPEN, CLOSE = "<think>", "</think>"
_HARMONY_CHANNEL = re.compile(
    r"<\|channel\|>\s*(analysis|commentary|final)\s*(?:<\|constrain\|>[^<]*)?<\|message\|>(.*?)"
    r"(?=<\|end\|>|<\|return\|>|<\|call\|>|<\|start\|>|<\|channel\|>|\Z)", re.DOTALL)


@dataclass
class TeacherResponse:
    """One response split: `reasoning` (the model's own thinking, or None), `final` (what it answered after),
    `cot` (the chain of thought to train on), `answer` (the body of the last <answer> block, or None), `shape`."""

    reasoning: str | None
    final: str
    cot: str | None
    answer: str | None
    shape: str


def compose(reasoning: str | None, content: str | None) -> str | None:
    """One text for a response whose reasoning came in a separate field: `<think>reasoning</think>` + content.

    None when both are empty (the server returned nothing usable, e.g. a request that hit the token limit while
    still reasoning gives reasoning only: that is kept, and the split then finds no answer).
    """
    reasoning = (reasoning or "").strip()
    content = content or ""
    if not reasoning:
        return content or None
    return f"{OPEN}\n{reasoning}\n{CLOSE}\n\n{content}"


def split_response(text: str | None) -> TeacherResponse:
    """The (reasoning, final answer text) of a teacher response in any of the shapes above."""
    text = text or ""
    if CLOSE in text:
        head, final = text.split(CLOSE, 1)
        stripped = head.lstrip()
        shape = "think_block" if stripped.startswith(OPEN) else "closing_tag"
        reasoning = stripped[len(OPEN):] if shape == "think_block" else head
        return _finish(reasoning.strip() or None, final, shape)
    if "<|channel|>" in text:
        channels = _HARMONY_CHANNEL.findall(text)
        analysis = "\n".join(body.strip() for name, body in channels if name == "analysis").strip()
        final = "\n".join(body for name, body in channels if name == "final")
        return _finish(analysis or None, final, "harmony")
    if OPEN in text:  # an opened, never closed block: the response was cut while reasoning
        return TeacherResponse(text.split(OPEN, 1)[1].strip() or None, "", None, None, "unclosed_think")
    return _finish(None, text, "plain")


def _finish(reasoning: str | None, final: str, shape: str) -> TeacherResponse:
    infilled = outcomes.think_block(final) if CLOSE in final else None
    if infilled is None and OPEN in final and CLOSE not in final:
        infilled = final.split(OPEN, 1)[1].split("<answer>", 1)[0].strip() or None
    answer = outcomes.answer_block(final) if "<answer>" in final else None
    return TeacherResponse(reasoning, final, infilled or reasoning, answer, shape)


# ---------------------------------------------------------------- leak filter

# A CoT must read as reasoning forward from the code. These phrases cite having been given the outcome (or the
# instructions around it); each was written against realistic teacher text (tests/unit/pipelines/test_reasoning.py),
# including text that must pass: "the given code", "we are given an OpenMP program", "the expected result".
LEAK_PATTERNS: dict[str, re.Pattern] = {name: re.compile(rx, re.IGNORECASE) for name, rx in {
    "given_outcome": r"\b(?:given|provided|supplied|shown|target|known|stated|reference)\s+(?:final\s+)?"
                     r"(?:answer|outcome|race\s+list|races|report|tool\s+output|measurements?|work\s+percentages?"
                     r"|result\s+from\s+(?:threadsanitizer|tsan|caliper))\b",
    "outcome_was_given": r"\b(?:answer|outcome|report|measurements?|race\s+list)\s+(?:that\s+|which\s+)?"
                         r"(?:was|were|is|are|has\s+been|have\s+been)\s+(?:given|provided|shown|supplied|stated)\b",
    "told": r"\b(?:i\s+was|we\s+were|we\s+are|we're|i\s+am|i'm|i've\s+been|we've\s+been)\s+(?:told|informed)\b",
    "the_user": r"\bthe\s+user\s+(?:wants|says|said|asks|asked|gave|expects|mentioned|instructs|"
                r"has\s+(?:given|provided|shown))\b",
    "instructions": r"\b(?:the|my|these|our)\s+(?:instructions?|prompt|task\s+description)\s+(?:says?|said|states?|"
                    r"tells?|asks?|requires?|wants?)\b",
    "answer_key": r"\b(?:prior\s+knowledge|ground[\s-]+truth|answer\s+key|in-?fill(?:ed|ing)?|verbatim|hindsight)\b",
    "according_to": r"\baccording\s+to\s+the\s+(?:given|provided|supplied|stated)\b",
    "already_know": r"\b(?:i|we)\s+(?:already\s+)?know\s+(?:that\s+)?(?:the\s+answer|the\s+outcome|"
                    r"what\s+(?:threadsanitizer|tsan|caliper)\s+(?:reports|reported|measures|measured|will))\b",
    "must_conclude": r"\b(?:must|should|have\s+to|need\s+to)\s+(?:lead\s+to|arrive\s+at|reach|conclude\s+with)\s+"
                     r"(?:the\s+)?(?:correct|given|provided|expected|same)\s+(?:answer|conclusion|outcome)\b",
}.items()}


def leak_reason(cot: str | None) -> str | None:
    """The name of the first leak pattern the CoT matches (it cites being given the outcome), else None."""
    if not cot:
        return None
    for name, rx in LEAK_PATTERNS.items():
        if rx.search(cot):
            return name
    return None
