"""Typed rows of the pcwm datasets (`datasets.Features`) and the candidate record every producer hands to the build.

Producers of candidate records: the offline engine (`pcwm.problems.candidates.Candidate.record`, also read from its
store folder), the distilabel pipeline (the `record` column of its FormatSFT / CandidateRecords rows,
`pcwm.pipelines.steps.format.candidate_record`), the smoke dataset (`pcwm.train.smoke_data`) and any JSONL of them.

Input: one *candidate record* per labelled program (and per CoT sample, when there are several), as JSON::

    {"problem_id": "graph/bfs_levels", "domain": "graph", "variant": "seed",   # or the variant's id
     "language": "c", "code": "...", "code_name": "generated.c",             # races are located in code_name
     "source": {"kind": "seed_impl" | "mutation" | "rewrite" | "model" | "reference",
                "model": null, "operator": null, "parent": null},
     "sandbox": SandboxResult.to_dict(),           # TSan records; Caliper records carry "profile" instead:
     "profile": WorkPctOutcome.to_dict(),          #   pcwm.sandbox.profiler output
     "host": {"cores": 2},                         # cores available when the tool ran (oversubscription flag)
     "cot": "..." | null, "cot_model": "..." | null, "cot_hindsight": true}   # CoT: the teacher's reasoning

Rows: TSan configs (`hindsight`, `no_cot`, `no_hindsight`) share `TSAN_FEATURES`; Caliper rows are pairs of codes
of one problem measured under the same conditions (`CALIPER_PAIR_FEATURES`). Every row has SFT views: `prompt` /
`completion` (conversational, completion = [CoT, outcome] as the paper's loss expects) and `messages` (the same
conversation as one list). Provenance is a struct, not a JSON string.
"""

from __future__ import annotations

import hashlib
import re

TSAN_CONFIGS = ("hindsight", "no_cot", "no_hindsight", "no_hindsight_filtered")
CALIPER_CONFIGS = ("hindsight", "no_cot", "no_hindsight")
SOURCE_KINDS = ("seed_impl", "mutation", "rewrite", "model", "reference")


def _provenance() -> dict:
    from datasets import List, Value

    return {
        "problem_id": Value("string"),
        "domain": Value("string"),
        "variant": Value("string"),
        "source_kind": Value("string"),
        "source_model": Value("string"),  # null unless a model wrote the code
        "mutation_operator": Value("string"),  # null unless a mutation/rewrite made it
        "parent_id": Value("string"),
        "toolchain": Value("string"),
        "flags": List(Value("string")),
        "tool_options": Value("string"),
        "threads": List(Value("int32")),
        "run_count": Value("int32"),
        "host_cores": Value("int32"),  # null when the producer did not record it
        "oversubscribed": Value("bool"),  # a thread count above host_cores (null when host_cores is unknown)
        "sandbox_status": Value("string"),
        "harness_valid": Value("bool"),
        "content_hash": Value("string"),  # sha256 of the code as shown to the model
        "tool_cache_key": Value("string"),
        "cot_model": Value("string"),
        "cot_hindsight": Value("bool"),
    }


def _sft() -> dict:
    from datasets import List, Value

    message = {"role": Value("string"), "content": Value("string")}
    return {"prompt": List(message), "completion": List(message), "messages": List(message)}


def _tsan():
    from datasets import Features, List, Value

    race = {"type": Value("string"), "code_locations": List(Value("string"))}
    return Features({"id": Value("string"), "code": Value("string"), "code_name": Value("string"),
                     "language": Value("string"), "has_race": Value("bool"), "races": List(race),
                     "cot": Value("string"), "outcome": Value("string"), **_sft(), "provenance": _provenance()})


def _caliper():
    from datasets import Features, List, Value

    region = {"snippet": Value("string"), "work_pct": List({"threads": Value("int32"), "pct": Value("float32")})}
    return Features({"id": Value("string"), "problem_id": Value("string"), "code_i": Value("string"),
                     "code_j": Value("string"), "language": Value("string"), "regions_i": List(region),
                     "regions_j": List(region), "cot": Value("string"), "outcome_i": Value("string"),
                     "outcome_j": Value("string"), **_sft(), "provenance_i": _provenance(),
                     "provenance_j": _provenance()})


def _problems():
    from datasets import Features, List, Value

    impl = {"name": Value("string"), "strategy": Value("string"), "code": Value("string")}
    return Features({"problem_id": Value("string"), "domain": Value("string"), "variant": Value("string"),
                     "title": Value("string"), "language": Value("string"), "function": Value("string"),
                     "statement": Value("string"), "harness": Value("string"), "reference": Value("string"),
                     "impls": List(impl), "default_size": Value("int32")})


def features(kind: str):
    """`datasets.Features` of a dataset kind: "tsan", "caliper" or "problems"."""
    makers = {"tsan": _tsan, "caliper": _caliper, "problems": _problems}
    if kind not in makers:
        raise ValueError(f"unknown dataset kind {kind!r} (expected tsan, caliper or problems)")
    return makers[kind]()


_LINE_COMMENT = re.compile(r"//[^\n]*")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_TOKEN = re.compile(r"[A-Za-z_]\w*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[fFlLuU]*|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|\S")


def content_hash(code: str) -> str:
    """sha256 of the code exactly as shown to the model (line numbers in outcomes depend on it)."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def strip_comments(code: str) -> str:
    """C/C++ source without comments (string literals are left alone except for comment-like text inside them)."""
    return _LINE_COMMENT.sub(" ", _BLOCK_COMMENT.sub(" ", code))


def code_tokens(code: str) -> list[str]:
    """C/C++ tokens of the code without comments: whitespace and layout do not matter."""
    return _TOKEN.findall(strip_comments(code))


def normalized_hash(code: str) -> str:
    """Hash of the token stream: equal for copies that differ only in comments, whitespace or layout."""
    return hashlib.sha256(" ".join(code_tokens(code)).encode()).hexdigest()
