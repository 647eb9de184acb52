"""The cluster launch files: valid bash, and first lines that say the hardware and the command that submits them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((REPO / "slurm").glob("*.slurm"))


def test_the_three_launchers_exist():
    assert {p.name for p in SCRIPTS} == {"ray_cluster.slurm", "vllm_serve.slurm", "train.slurm"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_slurm_script_parses_and_states_hardware_and_submit_command(script):
    bash = shutil.which("bash")
    res = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    lines = script.read_text().splitlines()
    assert lines[0] == "#!/bin/bash"
    assert lines[1].startswith("# Hardware: ")
    head = "\n".join(lines[2:5])
    assert "sbatch " in head and f"slurm/{script.name}" in head, head
    directives = [ln for ln in lines if ln.startswith("#SBATCH")]
    assert any("--nodes" in d for d in directives) and any("--time" in d for d in directives)
    assert "set -euo pipefail" in lines


def test_ray_cluster_script_gives_each_node_the_profile_token_and_a_shared_cache():
    text = (REPO / "slurm" / "ray_cluster.slurm").read_text()
    assert text.count('--resources="$resources"') == 2 and '"pcwm_node": 1' in text
    assert "PCWM_CACHE_DIR" in text and "--set run.engine=ray" in text and "--requeue" in text


@pytest.mark.parametrize("name", ["Dockerfile", "pcwm.def"])
def test_container_definitions_install_the_toolchain_and_prove_archer(name):
    text = (REPO / "sandbox" / name).read_text()
    assert text.splitlines()[0].startswith("# Hardware: ")
    assert "sandbox/install-toolchain.sh" in text and "[ray,gen]" in text and "verify_archer" in text
