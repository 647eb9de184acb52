"""The world model as a tool: predict what ThreadSanitizer or Caliper would report, from source alone.

`pcwm.predict(code, tool="tsan", model="tiny", samples=1)` -> `Prediction`. Nothing is compiled or run, so partial
snippets work. The prompt is the evaluation suites' template (`pcwm.worldmodel.prompts`: tsan_predict.j2,
workpct_pair.j2) and answers are read with the shared parsers of `pcwm.worldmodel.outcomes`, so a model is asked exactly
what it is scored on. Model specs are those of `pcwm.models` (tiny | hf:PATH_OR_ID[@REV] | openai:MODEL |
vllm:ID[@REV] | static, the program-analysis model of pcwm.static).

Caliper's world model is trained on pairs of codes measured under the same conditions (workpct_pair.j2), so a
single program is asked as a pair with itself, or with `vs` (a second implementation of the same problem), and
Code 1's regions are reported.

Parts: `source` (is the input C/C++ OpenMP?), `generation` (prompt, cached model, token counts), `aggregate`
(samples -> verdict, vote shares, confidence), `compare` (the real tool through the sandbox, side by side), `tool`
(`TOOL_SPEC`, an OpenAI-style function tool, and `call_tool(arguments_json) -> str` for agent frameworks).

This package is callable: after `import pcwm.predict`, the attribute `pcwm.predict` is this package, and
`pcwm.predict(code)` calls `predict(code)`.
"""

from __future__ import annotations

import os
import sys
import time
import types
from dataclasses import asdict, dataclass, field

from pcwm.predict.aggregate import (
    PredictedRace,
    PredictedRegion,
    aggregate_tsan,
    aggregate_workpct,
    consensus_races,
    reasoning_of,
)
from pcwm.predict.generation import DEFAULT_THREADS, build_prompt, count_tokens, get_model
from pcwm.predict.source import InputError, SourceCheck, check_source
from pcwm.predict.tool import TOOL_SPEC, call_tool
from pcwm.sandbox.candidate import LANGUAGES, candidate_file
from pcwm.worldmodel.prompts import strip_comments as blank_comments

__all__ = [
    "DEFAULT_THREADS",
    "TOOLS",
    "TOOL_SPEC",
    "InputError",
    "PredictedRace",
    "PredictedRegion",
    "Prediction",
    "SourceCheck",
    "call_tool",
    "check_source",
    "predict",
]

TOOLS = ("tsan", "workpct")
DEFAULT_MAX_TOKENS = 8192  # the evaluation suites' budget for reasoning models
TINY_MAX_TOKENS = 96  # the tiny test model's output is noise: a few tokens exercise every code path
# The name the model sees, as in the training data and the DataRaceBench suite (a real name can leak the label, e.g.
# DRB's -yes/-no); predicted locations are reported under the caller's `file_name`.
SHOWN_NAME = {lang: candidate_file(lang) for lang in LANGUAGES}  # what the model sees


@dataclass
class Prediction:
    """What a world model predicts for one program: the outcome, its reasoning, its confidence and its cost.

    TSan: `verdict` ("race" | "no race" | None when no sample parsed), `races` (the consensus list: locations listed
    by at least half the parseable samples) and `race_votes` (every location pair any sample listed, with its share).
    Caliper work %: `regions` (Code 1 = the program) and `regions_vs` (the second code of the pair).
    `confidence`: share of parseable samples agreeing with the majority (TSan verdict; workpct region count).
    """

    tool: str
    model: str
    revision: str
    file_name: str  # locations are reported under this name
    shown_name: str  # what the model saw (generated.c | generated.cpp)
    lang: str
    samples: int
    verdict: str | None = None
    races: list[PredictedRace] = field(default_factory=list)
    race_votes: list[PredictedRace] = field(default_factory=list)
    regions: list[PredictedRegion] = field(default_factory=list)
    regions_vs: list[PredictedRegion] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)
    confidence: float | None = None
    reasoning: str | None = None  # of the first sample that agrees with the majority (else the first sample)
    raw: list[str] = field(default_factory=list)
    parsed: list = field(default_factory=list)  # per sample: its race list / region pair, None if unparseable
    parse_errors: list[str | None] = field(default_factory=list)  # per sample, None when it parsed
    latency_s: float = 0.0  # generation of all samples (model loading excluded)
    load_s: float = 0.0  # loading a local model on first use (0 once cached)
    prompt_tokens: int | None = None
    completion_tokens: list[int] | None = None  # per sample: the decoded text re-tokenized
    prompt_hash: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def n_unparseable(self) -> int:
        return sum(e is not None for e in self.parse_errors)

    @property
    def parsed_ok(self) -> bool:
        """True when at least one sample gave a parseable answer."""
        return self.n_unparseable < len(self.parse_errors)

    @property
    def tokens(self) -> int | None:
        """Completion tokens over all samples (None when the backend's tokenizer is unknown)."""
        return None if self.completion_tokens is None else sum(self.completion_tokens)

    def to_dict(self, reasoning: bool = True) -> dict:
        d = asdict(self)
        d.update(n_unparseable=self.n_unparseable, tokens=self.tokens)
        if not reasoning:
            d.pop("reasoning")
            d.pop("raw")
        return d


def predict(
    code: str,
    tool: str = "tsan",
    model=None,
    samples: int = 1,
    *,
    temperature: float = 0.6,
    top_p: float = 0.95,
    max_tokens: int | None = None,
    file_name: str | None = None,
    vs: str | None = None,
    threads: tuple[int, ...] = DEFAULT_THREADS,
    strip_comments: bool = False,
    cpu_threads: int = 0,
    base_url_env: str = "OPENAI_BASE_URL",
    api_key_env: str = "OPENAI_API_KEY",
) -> Prediction:
    """Asks a world model what `tool` would report for `code`; nothing is compiled or run.

    `model`: a spec string (default $PCWM_PREDICT_MODEL, else "tiny") or a `pcwm.models.Model`.
    `file_name` names the code in reported race locations (default generated.c / generated.cpp); the model always
    sees `generated.c` / `generated.cpp`, as in training, and its suffix (.c or a C++ one) picks the language.
    `vs`: for workpct, a second implementation of the same problem to compare with (default: the code itself).
    `strip_comments` blanks comments (line numbers kept), as the DataRaceBench suite does.
    Raises InputError when `code` is not C/C++ and ValueError for bad arguments; backend failures propagate.
    """
    if tool not in TOOLS:
        raise ValueError(f"tool must be one of {', '.join(TOOLS)}, got {tool!r}")
    if samples < 1:
        raise ValueError(f"samples must be >= 1, got {samples}")
    check = check_source(code, file_name)
    if vs is not None:
        if tool != "workpct":
            raise ValueError("vs (a second code) is only used with tool='workpct'")
        check_source(vs)
    shown = SHOWN_NAME[check.lang]
    file_name = file_name or shown
    if strip_comments:
        code, vs = blank_comments(code), (blank_comments(vs) if vs is not None else None)
    spec = model or os.environ.get("PCWM_PREDICT_MODEL", "tiny")
    if isinstance(spec, str) and spec.startswith("baseline:") and tool != "tsan":
        raise ValueError(f"{spec}: baselines answer race prompts only (ParEval pairs need `pcwm eval`)")
    if spec == "static" and tool != "tsan":
        raise ValueError("static: the static model answers race prompts only (tool='tsan')")
    gen = get_model(spec, cpu_threads, base_url_env, api_key_env) if isinstance(spec, str) else spec
    if max_tokens is None:
        max_tokens = TINY_MAX_TOKENS if spec == "tiny" else DEFAULT_MAX_TOKENS
    prompt = build_prompt(tool, code, shown, check.lang, vs=vs, threads=tuple(threads))
    pred = Prediction(tool=tool, model=gen.name, revision=gen.revision, file_name=file_name, shown_name=shown,
                      lang=check.lang, samples=samples, prompt_hash=prompt.hash, warnings=list(check.warnings))
    _generate(pred, gen, prompt, temperature=temperature, top_p=top_p, max_tokens=max_tokens)
    _read_answers(pred, code, vs, threads)
    return pred


def _generate(pred: Prediction, gen, prompt, **sampling) -> None:
    """Samples `pred.samples` answers; records texts, latency (model loading apart) and token counts."""
    start = time.perf_counter()
    gen.load()  # local models load lazily: keep loading out of the latency
    pred.load_s, start = time.perf_counter() - start, time.perf_counter()
    pred.raw = list(gen.generate([prompt], n=pred.samples, **sampling)[0])
    pred.latency_s = time.perf_counter() - start
    pred.prompt_tokens, counts = count_tokens(gen, prompt, pred.raw)
    if counts is not None:  # re-tokenized text can exceed what was generated; never more than the budget
        pred.completion_tokens = [min(n, sampling["max_tokens"]) for n in counts]


def _read_answers(pred: Prediction, code: str, vs: str | None, threads) -> None:
    """Parses every sample with the shared parsers and combines them (verdict or regions, confidence, reasoning)."""
    texts = pred.raw
    if pred.tool == "tsan":
        agg = aggregate_tsan(texts, rename={pred.shown_name: pred.file_name})
        pred.verdict, pred.confidence, pred.race_votes = agg["verdict"], agg["confidence"], agg["races"]
        pred.races = consensus_races(agg["races"], agg["verdict"])
        agreeing = [i for i, r in enumerate(agg["samples"]) if r is not None and bool(r) == (pred.verdict == "race")]
    else:
        agg = aggregate_workpct(texts, code, vs)
        pred.regions, pred.regions_vs, pred.confidence = agg["regions"], agg["regions_vs"], agg["confidence"]
        pred.threads = list(threads)
        agreeing = [i for i, p in enumerate(agg["samples"]) if p is not None]
    pred.parsed, pred.parse_errors = agg["samples"], agg["errors"]
    pred.reasoning = reasoning_of(texts[agreeing[0] if agreeing else 0]) if texts else None
    if not pred.parsed_ok:
        what = "a 'no race' prediction" if pred.tool == "tsan" else "a prediction of any work %"
        pred.warnings.append(f"no parseable answer in {pred.samples} sample(s): the model's output does not follow "
                             f"the answer format (see raw); this is not {what}")


class _CallablePackage(types.ModuleType):
    """Lets `pcwm.predict(...)` call `predict` even once `pcwm.predict` names this package."""

    def __call__(self, *args, **kwargs) -> Prediction:
        return predict(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
