"""Two training processes (torch DDP on CPU, gloo, launched by torchrun as accelerate/DeepSpeed launch them on GPU
nodes): gradients are averaged over both, and only the main process writes the card and pushes, once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.hub_server import HubServer
from tests.unit.train.test_push import _env

REPO = Path(__file__).resolve().parents[3]

COMMITS = """
import json
from huggingface_hub import HfApi
api = HfApi()
print(json.dumps({"commits": [c.title for c in api.list_repo_commits("pcwm/tiny-tsan", revision="ddp")],
                  "files": api.list_repo_files("pcwm/tiny-tsan", revision="ddp")}))
"""


def test_two_processes_train_one_model_and_push_once(tmp_path, smoke_dataset_dir, tiny_model_dir):
    out = tmp_path / "out"
    with HubServer(tmp_path / "hub") as hub:
        env = _env(hub.endpoint, tmp_path)
        proc = subprocess.run(
            [str(Path(sys.executable).with_name("torchrun")), "--nproc_per_node", "2", "-m", "pcwm.train.sft",
             "--config", "recipes/tiny/tsan/sft.yaml", "--output_dir", str(out), "--max_steps", "2",
             "--hub_model_revision", "ddp", "--eval_limit", "2", "--eval_max_new_tokens", "4",
             "--disable_tqdm", "true"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stderr[-4000:]
        read = subprocess.run([sys.executable, "-c", COMMITS], env=env, capture_output=True, text=True, timeout=300)
        assert read.returncode == 0, read.stderr[-3000:]
    got = json.loads(read.stdout.strip().splitlines()[-1])
    pushes = [t for t in got["commits"] if t.startswith("pcwm train")]
    assert len(pushes) == 1, got["commits"]
    assert "model.safetensors" in got["files"]
    card = (out / "README.md").read_text()
    assert "| processes | 2 |" in card and "| effective batch | 8 |" in card  # 2 processes x batch 4
    state = json.loads((out / "trainer_state.json").read_text())
    assert state["global_step"] == 2
