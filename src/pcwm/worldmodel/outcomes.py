"""The world models' answer formats: rendering tool outcomes as text and parsing them back.

One module serves the data engine (answer blocks of hindsight CoTs, SFT completions), the evaluation suites and
`pcwm predict`, so what a model is trained to write is exactly what the scorers read.

TSan (the paper's Figure "Tool Outcomes", left): a list of races, each with a type and code locations::

    <answer>
    Here is a list of data races that ThreadSanitizer will catch:

    [{"type": "read/write race", "code_locations": ["generated.c:14"]}]
    </answer>

An empty list `[]` means no race. The parser also accepts the paper's single-quoted Python-literal form.

Caliper work % (the same figure, right), per parallel region::

    For code snippet:
    <region source>
    Caliper measures:
    - For 4 threads, a work percentage of 96
    - For 16 threads, a work percentage of 76

Caliper pairs (two codes of one problem, measured under the same conditions) wrap two such outcomes in
`## Code 1` / `## Code 2` sections inside one answer block.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field

from pcwm.errors import UnparseableAnswer

TSAN_HEADER = "Here is a list of data races that ThreadSanitizer will catch:"
RACE_TYPES = ("read/write race", "write/write race")
_ANSWER = re.compile(r"<answer>(.*?)(?:</answer>|$)", re.DOTALL)
_THINK = re.compile(r"<think>(.*?)</think>", re.DOTALL)


class OutcomeParseError(UnparseableAnswer):
    """The text holds no parseable outcome in the expected format."""


# ---------------------------------------------------------------- TSan


def render_tsan(races: list[dict]) -> str:
    """The answer body for a race list (dicts with `type` and `locations` or `code_locations`)."""
    items = [
        {"type": r["type"], "code_locations": list(r.get("code_locations", r.get("locations", [])))} for r in races
    ]
    return f"{TSAN_HEADER}\n\n{json.dumps(items, indent=1)}"


def render_tsan_answer(races: list[dict]) -> str:
    return f"<answer>\n{render_tsan(races)}\n</answer>"


def parse_tsan(text: str) -> list[dict]:
    """Race list from a model's response: the list in its answer block, or after the answer header.

    A bracketed list elsewhere (in reasoning, or in noise) is not an answer. Raises OutcomeParseError when no answer
    can be read; scorers count that as an unparseable sample, never as "no race".
    """
    body = answer_block(text)
    if body is None:
        if TSAN_HEADER not in text:
            raise OutcomeParseError("no <answer> block and no answer header")
        body = text
    if TSAN_HEADER in body:
        body = body.split(TSAN_HEADER, 1)[1]
    start = body.find("[")
    end = body.rfind("]")
    if start < 0 or end < start:
        raise OutcomeParseError("no race list ([...]) in the answer")
    chunk = body[start : end + 1]
    data = None
    for loader in (json.loads, ast.literal_eval):
        try:
            data = loader(chunk)
            break
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            continue
    if not isinstance(data, list):
        raise OutcomeParseError("race list is not a JSON or Python list")
    races = []
    for item in data:
        if not isinstance(item, dict):
            raise OutcomeParseError(f"race entry is not an object: {item!r}")
        locs = item.get("code_locations", item.get("locations", []))
        races.append({"type": str(item.get("type", "")), "code_locations": [str(x) for x in locs]})
    return races


def answer_block(text: str) -> str | None:
    m = _ANSWER.findall(text)
    return m[-1].strip() if m else None


def think_block(text: str) -> str | None:
    m = _THINK.search(text)
    return m.group(1).strip() if m else None


# ---------------------------------------------------------------- Caliper work %


@dataclass
class RegionWork:
    """Work % of one parallel region per thread count (rounded integers in the text form)."""

    snippet: str
    work_pct: dict[int, float] = field(default_factory=dict)


def render_workpct(regions: list[RegionWork]) -> str:
    blocks = []
    for r in regions:
        lines = ["For code snippet:", r.snippet.rstrip("\n"), "Caliper measures:"]
        for t in sorted(r.work_pct):
            lines.append(f"- For {t} threads, a work percentage of {round(r.work_pct[t])}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


_MEASURE = re.compile(r"-\s*For\s+(\d+)\s+threads?,\s*a work percentage of\s*(-?\d+(?:\.\d+)?)", re.IGNORECASE)


def parse_workpct(text: str) -> list[RegionWork]:
    """Regions and their work % from text in the format of `render_workpct`."""
    body = answer_block(text) or text
    regions = []
    for block in re.split(r"(?=For code snippet:)", body):
        if "Caliper measures" not in block:
            continue
        snippet = block.split("For code snippet:", 1)[-1].split("Caliper measures", 1)[0].strip("\n")
        pct = {int(t): float(v) for t, v in _MEASURE.findall(block)}
        if pct:
            regions.append(RegionWork(snippet=snippet, work_pct=pct))
    if not regions:
        raise OutcomeParseError("no 'Caliper measures' block with work percentages")
    return regions


def render_workpct_pair(first: list[RegionWork], second: list[RegionWork]) -> str:
    return f"## Code 1\n{render_workpct(first)}\n\n## Code 2\n{render_workpct(second)}"


def parse_workpct_pair(text: str) -> tuple[list[RegionWork], list[RegionWork]]:
    body = answer_block(text) or text
    parts = re.split(r"^##\s*Code\s*2\s*$", body, maxsplit=1, flags=re.MULTILINE)
    if len(parts) != 2:
        raise OutcomeParseError("pair answer needs '## Code 1' and '## Code 2' sections")
    return parse_workpct(parts[0]), parse_workpct(parts[1])


def program_workpct(regions: list[RegionWork], threads: int) -> float | None:
    """One number per program and thread count for ranking: the mean over its regions (None if unmeasured)."""
    vals = [r.work_pct[threads] for r in regions if threads in r.work_pct]
    return sum(vals) / len(vals) if vals else None
