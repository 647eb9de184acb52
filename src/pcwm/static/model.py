"""The static model (model kind `static` of `pcwm.models`): prompt in, TSan-format answer out.

It reads the program from the prompt itself, i.e. the fenced code block the LLMs see (comments already blanked by
the suites, file name replaced by generated.c / generated.cpp), falling back to the prompt's `shown_source` /
`source` metadata when the text holds no code block; it never reads a path or file name. Comments are blanked
again before analysis. The answer is the TSan outcome format of pcwm.worldmodel.outcomes, with a <think> block naming
the rule that fired for each race; when the model cannot decide, the answer holds no race list, so the suites count
it as unparseable (wrong) rather than as "no race".
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from pcwm.errors import UsageError
from pcwm.models.base import ModelBase
from pcwm.sandbox.candidate import candidate_file
from pcwm.static import analyze
from pcwm.static.model_types import Verdict
from pcwm.worldmodel.outcomes import render_tsan_answer

TASKS = ("tsan", "racefix_feedback")
_FENCE = re.compile(r"```(c|cpp|c\+\+)?[ \t]*\n(.*?)```", re.DOTALL)
_SHOWN = re.compile(r"File `(generated\.(?:c|cpp))`")


class StaticModelError(UsageError):
    """A prompt the static model does not answer (not a race-prediction prompt)."""


@dataclass
class StaticModel(ModelBase):
    """Program analysis as a world model; `timings` holds the analysis time (s) of each answered prompt."""

    name: str = "static"
    revision: str = "rules-v1"
    timings: list[float] = field(default_factory=list, repr=False)

    @classmethod
    def from_spec(cls, target: str, revision: str, options) -> StaticModel:
        return cls(name=options.name or "static")

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=1024) -> list[list[str]]:
        out = []
        for p in prompts:
            text, meta = _text_and_meta(p)
            if meta.get("task", "tsan") not in TASKS:
                raise StaticModelError(f"{self.name} answers race-prediction prompts only, not {meta.get('task')!r}")
            code, lang, shown = program_of(text, meta)
            start = time.perf_counter()
            verdict = analyze(code, lang)
            self.timings.append(time.perf_counter() - start)
            out.append([render_answer(verdict, shown)] * n)
        return out


def _text_and_meta(p) -> tuple[str, dict]:
    if isinstance(p, str):
        return p, {}
    messages = getattr(p, "messages", None) or []
    return "\n\n".join(m.get("content", "") for m in messages), dict(getattr(p, "meta", {}) or {})


def program_of(text: str, meta: dict) -> tuple[str, str, str]:
    """(code, language, the file name shown in the prompt) of a race-prediction prompt."""
    m = _FENCE.search(text)
    lang = meta.get("lang") or ("c" if m is None or m.group(1) == "c" else "cpp")
    if m is not None:
        code = m.group(2)
        lang = "c" if m.group(1) == "c" else "cpp" if m.group(1) else lang
    else:
        code = meta.get("shown_source") or meta.get("source") or text
    shown = _SHOWN.search(text)
    return code, lang, shown.group(1) if shown else candidate_file(lang)


def render_answer(verdict: Verdict, file_name: str) -> str:
    """The verdict as a response: reasoning (rules that fired) in <think>, the TSan race list in <answer>."""
    if verdict.undecided is not None:
        return (f"<think>\nstatic analysis cannot decide: {verdict.undecided}.\n</think>\n"
                f"<answer>\nThe static model cannot decide this program ({verdict.undecided}).\n</answer>")
    lines = [f"{verdict.regions} parallel construct(s), {verdict.accesses} shared-memory accesses checked."]
    for r in verdict.races:
        lines.append(f"rule {r.rule}: `{r.var}` at lines {r.lines[0]} and {r.lines[1]} ({r.why}).")
    if not verdict.races:
        lines.append("no pair of accesses may happen in parallel on the same memory with a write.")
    races = [{"type": r.type, "code_locations": [f"{file_name}:{r.lines[0]}", f"{file_name}:{r.lines[1]}"]}
             for r in verdict.races]
    return "<think>\n" + "\n".join(lines) + "\n</think>\n" + render_tsan_answer(races)
