"""Reading a world model's samples with the shared parsers (pcwm.worldmodel.outcomes) and combining them into one
prediction.

TSan: the race/no-race verdict most parseable samples give (ties count as race), its confidence (the share of
parseable samples agreeing), and per race location pair the share of parseable samples listing it. Caliper work %:
per region (by position, among samples with the majority region count) the median, min and max per thread count.
An unparseable sample is an error of that sample, never a "no race".
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import asdict, dataclass

from pcwm.worldmodel.outcomes import OutcomeParseError, answer_block, parse_tsan, parse_workpct_pair, think_block


@dataclass
class PredictedRace:
    """One race location pair with the share of parseable samples that list it and its most voted type."""

    type: str
    code_locations: list[str]
    votes: int
    share: float


@dataclass
class PredictedRegion:
    """One parallel region: median work % per thread count over the samples, min/max as spread."""

    snippet: str
    line: int | None  # first line of the snippet in the file, when found
    work_pct: dict[int, float]
    low: dict[int, float]
    high: dict[int, float]
    samples: int  # samples that contributed


def reasoning_of(text: str) -> str:
    """The chain of thought of one response: its <think> block, else what precedes the answer."""
    think = think_block(text)
    if think is not None:
        return think
    return text.split("<answer>", 1)[0].strip() if answer_block(text) is not None else text.strip()


def race_key(race: dict, rename: dict[str, str] | None = None) -> tuple[str, ...]:
    """The unordered, deduplicated locations of a race (`rename` maps file names, e.g. generated.c -> the user's)."""
    locs = set()
    for loc in race["code_locations"]:
        loc = re.sub(r"\s+", "", loc)
        file, sep, line = loc.rpartition(":")
        locs.add(f"{rename[file]}:{line}" if sep and rename and file in rename else loc)
    return tuple(sorted(locs))


def aggregate_tsan(texts: list[str], rename: dict[str, str] | None = None) -> dict:
    """Majority verdict, confidence, per-location vote shares and per-sample parses of TSan answers.

    `rename` maps the file name shown to the model to the name locations are reported under."""
    per_sample, errors = [], []
    for text in texts:
        try:
            per_sample.append(parse_tsan(text))
            errors.append(None)
        except OutcomeParseError as exc:
            per_sample.append(None)
            errors.append(str(exc))
    parsed = [r for r in per_sample if r is not None]
    if not parsed:
        return {"verdict": None, "confidence": None, "races": [], "samples": per_sample, "errors": errors}
    racy = sum(1 for r in parsed if r)
    verdict = "race" if racy * 2 >= len(parsed) else "no race"
    agree = racy if verdict == "race" else len(parsed) - racy
    votes: Counter = Counter()
    types: dict[tuple, Counter] = {}
    for races in parsed:
        keys = {}
        for race in races:
            keys.setdefault(race_key(race, rename), race["type"])
        for key, typ in keys.items():
            votes[key] += 1
            types.setdefault(key, Counter())[typ] += 1
    races = [PredictedRace(types[k].most_common(1)[0][0], list(k), v, v / len(parsed)) for k, v in votes.items()]
    races.sort(key=lambda r: (-r.votes, r.code_locations))
    return {"verdict": verdict, "confidence": agree / len(parsed), "races": races, "samples": per_sample,
            "errors": errors}


def consensus_races(races: list[PredictedRace], verdict: str | None) -> list[PredictedRace]:
    """Races listed by at least half the parseable samples (the most voted ones if none reach half)."""
    if verdict != "race" or not races:
        return []
    half = [r for r in races if r.share >= 0.5]
    return half or [r for r in races if r.votes == races[0].votes]


def locate_snippet(snippet: str, code: str) -> int | None:
    """1-based line of the snippet's first non-blank line in `code`, if it appears there."""
    first = next((ln.strip() for ln in snippet.splitlines() if ln.strip()), None)
    if not first:
        return None
    norm = re.sub(r"\s+", " ", first)
    for i, line in enumerate(code.splitlines(), 1):
        if re.sub(r"\s+", " ", line.strip()) == norm:
            return i
    return None


def aggregate_workpct(texts: list[str], code: str, vs: str | None = None) -> dict:
    """Per region (by position, over the samples with the majority region count): median, min, max work %."""
    pairs, errors = [], []
    for text in texts:
        try:
            pairs.append(parse_workpct_pair(text))
            errors.append(None)
        except OutcomeParseError as exc:
            pairs.append(None)
            errors.append(str(exc))
    parsed = [p for p in pairs if p is not None]
    out = {"regions": [], "regions_vs": [], "confidence": None, "errors": errors,
           "samples": [None if p is None else [[asdict(r) for r in side] for side in p] for p in pairs]}
    if not parsed:
        return out
    for side, key, src in ((0, "regions", code), (1, "regions_vs", vs if vs is not None else code)):
        counts = Counter(len(p[side]) for p in parsed)
        k, n_k = counts.most_common(1)[0]
        if side == 0:
            out["confidence"] = n_k / len(parsed)
        chosen = [p[side] for p in parsed if len(p[side]) == k]
        for i in range(k):
            regs = [c[i] for c in chosen]
            ts = sorted({t for r in regs for t in r.work_pct})
            vals = {t: [r.work_pct[t] for r in regs if t in r.work_pct] for t in ts}
            out[key].append(PredictedRegion(
                snippet=regs[0].snippet, line=locate_snippet(regs[0].snippet, src),
                work_pct={t: statistics.median(v) for t, v in vals.items()},
                low={t: min(v) for t, v in vals.items()}, high={t: max(v) for t, v in vals.items()},
                samples=len(regs)))
    return out
