"""Fixtures of the dataset tests: real sandbox / profiler outputs frozen in tests/fixtures/data.

`tsan_records.jsonl`: 40 candidates of the seed bank (originals, mutants, rewrites) labelled by TSan in pcwm's
sandbox; `workpct_records.jsonl`: 6 seed implementations profiled at 2 and 4 threads. Regenerate with
`python tests/data_candidates.py OUT --per-label 300` then `--export-fixture` / `--profile-fixture` (see its doc).
"""

from __future__ import annotations

import pytest
from data_fixtures import FIXTURES, read_jsonl


@pytest.fixture
def tsan_records() -> list[dict]:
    return read_jsonl(FIXTURES / "tsan_records.jsonl")


@pytest.fixture
def workpct_records() -> list[dict]:
    return read_jsonl(FIXTURES / "workpct_records.jsonl")
