"""Without Ray installed, the Ray paths say which extra to install in one line; the recipe's Ray resources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.filterwarnings("ignore:The .default. attribute:UserWarning")
MESSAGE = "error: this command needs the 'ray' extra (module 'ray' is not installed): pip install 'pcwm[ray]'"


def _pcwm_without_ray(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    code = "import sys\nsys.modules['ray'] = None\nfrom pcwm.cli import run\nsys.argv = ['pcwm', *sys.argv[1:]]\nrun()"
    env = {**os.environ, "PCWM_CACHE_DIR": str(tmp / "c"), "DISTILABEL_CACHE_DIR": str(tmp / "dl")}
    return subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.mark.parametrize("args", [
    ("generate", "--recipe", "recipes/generate/offline.yaml", "--limit", "1", "--set", "run.engine=ray"),
    ("sandbox", "run", "tests/sandbox_cases/reduction_ok.c", "--ray", "127.0.0.1:1"),
], ids=["generate-engine-ray", "sandbox-run-ray"])
def test_missing_ray_is_one_line_naming_the_extra(args, tmp_path):
    res = _pcwm_without_ray(*args, tmp=tmp_path)
    assert res.returncode == 5, res.stderr[-2000:]  # missing extra (pcwm.errors)
    assert res.stderr.strip().splitlines() == [MESSAGE]


def test_sandbox_replicas_declare_cpus_and_profiles_claim_a_node():
    from pcwm.config import load_recipe
    from pcwm.pipelines.builders import sandbox_resources

    local = load_recipe(REPO / "recipes/generate/offline.yaml")
    jobs, res = sandbox_resources(local, "tsan")
    assert (jobs, res.cpus, res.resources) == (0, None, None)  # locally: all cores, nothing asked of Ray
    ray = load_recipe(REPO / "recipes/generate/offline.yaml", {"run.engine": "ray", "sandbox.jobs": 3,
                                                                "sandbox.replicas": 4})
    jobs, res = sandbox_resources(ray, "tsan")
    assert (jobs, res.cpus, res.replicas, res.resources) == (3, 3, 4, None)
    jobs, res = sandbox_resources(ray, "workpct")
    assert res.resources == {"pcwm_node": 1} and res.cpus == 3
    default = load_recipe(REPO / "recipes/generate/offline.yaml", {"run.engine": "ray"})
    assert sandbox_resources(default, "tsan")[0] == 1  # jobs 0 (all cores) cannot be known before placement
