"""Shared test setup: benchmark data found the way the product finds it, a private cache, no Hub, no network.

Benchmark data (DataRaceBench, ParEval) is located with `pcwm.evals.benchmarks.locate`: `$PCWM_BENCH_DATA`, the
user's benchmark cache, or the pinned fetch. Tests that need it take the `bench` fixture or carry
`@pytest.mark.needs_data("dataracebench", ...)`. When none of those can give it (a clone with no network), the test
is skipped with one reason. Where `../shared/data` exists (our CI and dev machines) it is the data source, and a
missing benchmark is a failure, not a skip; so is any skip at all at the end of the session (CI must run everything).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("PCWM_SHARED_DATA", REPO.parent / "shared" / "data"))
HAVE_SHARED = SHARED_DATA.is_dir()


def _user_bench_cache() -> str:
    """The benchmark cache of the user running the tests (kept across sessions: a fetch happens once)."""
    from pcwm.evals.benchmarks import bench_cache_dir

    return str(bench_cache_dir())


def _user_caliper_prefix() -> str:
    """Where the user's Caliper is (sandbox/install-caliper.sh's default prefix, built once, ~80 s)."""
    from pcwm.sandbox.caliper import default_prefix

    return str(default_prefix())


# Computed before the session swaps PCWM_CACHE_DIR for a private one.
os.environ.setdefault("PCWM_BENCH_CACHE", _user_bench_cache())
os.environ.setdefault("PCWM_CALIPER_PREFIX", _user_caliper_prefix())
if HAVE_SHARED:
    os.environ.setdefault("PCWM_BENCH_DATA", str(SHARED_DATA))

_located: dict[str, Path | str] = {}  # benchmark name -> folder, or the reason it cannot be had


def _locate(name: str) -> Path:
    """The benchmark's folder; skips (no ../shared) or fails (../shared present) with one reason when unavailable."""
    from pcwm.evals.benchmarks import BenchmarkNotFound, locate

    if name not in _located:
        try:
            _located[name] = locate(name)
        except BenchmarkNotFound as exc:
            _located[name] = str(exc)
    found = _located[name]
    if isinstance(found, Path):
        return found
    if HAVE_SHARED:
        pytest.fail(f"benchmark data missing although {SHARED_DATA} exists: {found}")
    pytest.skip(f"benchmark data unavailable offline: {found}")


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_data(*names): the test needs these benchmarks (dataracebench, pareval)")


def pytest_runtest_setup(item):
    for mark in item.iter_markers("needs_data"):
        for name in mark.args:
            _locate(name)


@pytest.fixture(autouse=True, scope="session")
def _pcwm_env(tmp_path_factory):
    os.environ["PCWM_CACHE_DIR"] = str(tmp_path_factory.mktemp("pcwm-cache"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("DISTILABEL_CACHE_DIR", str(tmp_path_factory.mktemp("distilabel-cache")))
    yield


@pytest.fixture(scope="session")
def bench():
    """`bench("dataracebench")` -> the benchmark's folder (skip or fail as the module docstring says)."""
    return _locate


@pytest.fixture
def shared_data() -> Path:
    """../shared/data itself: pcwm's own recorded data (Caliper fixtures), which a user's clone does not have."""
    if not HAVE_SHARED:
        pytest.skip(f"pcwm's recorded Caliper fixtures live in {SHARED_DATA}, which a clone does not have")
    return SHARED_DATA


def pytest_sessionfinish(session, exitstatus):
    """With ../shared present nothing may skip: a skip there hides a broken install or missing data."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if HAVE_SHARED and skipped and not os.environ.get("PCWM_ALLOW_SKIPS") and session.exitstatus == 0:
        reporter.write_line(f"pcwm: {len(skipped)} test(s) skipped although {SHARED_DATA} exists; nothing may skip "
                            "here (set PCWM_ALLOW_SKIPS=1 to allow it locally)", red=True)
        session.exitstatus = 1
