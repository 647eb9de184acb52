"""PCWM_CACHE_DIR moves every cache pcwm keeps (nothing is built or fetched here)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pcwm import paths
from pcwm.evals.benchmarks import bench_cache_dir
from pcwm.models.tiny import tiny_model_dir
from pcwm.sandbox import caliper
from pcwm.sandbox.cache import ResultCache
from pcwm.sandbox.workpct_ompt import tool_path

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("PCWM_CACHE_DIR", str(tmp_path / "root"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    for name in ("PCWM_BENCH_CACHE", "PCWM_CALIPER_PREFIX"):  # tests/conftest.py sets them for the session
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "root"


def test_cache_dir_moves_every_cache(root):
    assert ResultCache().root == root / "sandbox"
    assert tool_path("clang version 16").parent == root / "ompt"
    assert bench_cache_dir() == root / "benchmarks"
    assert tiny_model_dir().parent == root / "models"
    assert caliper.default_prefix() == root / "caliper" / caliper.CALIPER_COMMIT
    assert paths.llm_cache() == root / "llm" and paths.jail_cache() == root / "jail"


def test_without_cache_dir_xdg_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv("PCWM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert paths.cache_root() == tmp_path / "xdg" / "pcwm"
    assert ResultCache().root == tmp_path / "xdg" / "pcwm" / "sandbox"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert paths.cache_root() == Path.home() / ".cache" / "pcwm"


def test_overrides_of_single_folders(root, tmp_path, monkeypatch):
    monkeypatch.setenv("PCWM_BENCH_CACHE", str(tmp_path / "bench"))
    assert bench_cache_dir() == tmp_path / "bench"
    prefix = tmp_path / "my-caliper"
    (prefix / "include" / "caliper").mkdir(parents=True)
    (prefix / "include" / "caliper" / "cali.h").write_text("")
    monkeypatch.setenv("PCWM_CALIPER_PREFIX", str(prefix))
    assert caliper.find_caliper().prefix == prefix


def test_caliper_is_looked_for_and_installed_under_the_cache_dir(root, monkeypatch):
    """find_caliper and sandbox/install-caliper.sh agree on the default prefix: <PCWM_CACHE_DIR>/caliper/<commit>."""
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # no cali-query from elsewhere
    prefix = root / "caliper" / caliper.CALIPER_COMMIT
    (prefix / "include" / "caliper").mkdir(parents=True)
    (prefix / "include" / "caliper" / "cali.h").write_text("")
    assert caliper.find_caliper().prefix == prefix
    # the script refuses a prefix it did not install (no stamp) and names it: the check that precedes any build
    env = {k: v for k, v in os.environ.items() if k != "PCWM_CALIPER_SRC"}
    res = subprocess.run(["bash", str(REPO / "sandbox" / "install-caliper.sh")], capture_output=True, text=True,
                         env=env, timeout=60)
    if "not found: run sandbox/install-toolchain.sh" in res.stderr:
        pytest.skip("clang-16 is not installed (sandbox/install-toolchain.sh)")
    assert res.returncode == 1 and f"{prefix} exists and was not installed by this script" in res.stderr, res.stderr
