"""Shared test setup: benchmark data from ../shared/data, a private cache, no Hub, no network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("PCWM_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(autouse=True, scope="session")
def _pcwm_env(tmp_path_factory):
    os.environ.setdefault("PCWM_BENCH_DATA", str(SHARED_DATA))
    os.environ["PCWM_CACHE_DIR"] = str(tmp_path_factory.mktemp("pcwm-cache"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("DISTILABEL_CACHE_DIR", str(tmp_path_factory.mktemp("distilabel-cache")))
    yield


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"benchmark data not found at {SHARED_DATA} (set PCWM_SHARED_DATA)")
    return SHARED_DATA
