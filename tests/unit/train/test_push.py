"""`pcwm train --recipe recipes/tiny/tsan/sft.yaml` end to end in a fresh process, pushing to the Hub-protocol test
server (tests/hub_server.py) on loopback; then the real clients read the model back at its revision and generate."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from tests.hub_server import HubServer

REPO = Path(__file__).resolve().parents[3]
PCWM = str(Path(sys.executable).with_name("pcwm"))


@pytest.fixture
def hub(tmp_path):
    with HubServer(tmp_path / "hub") as server:
        yield server.endpoint


def _env(endpoint: str, tmp_path: Path) -> dict:
    return dict(os.environ, HF_ENDPOINT=endpoint, HF_TOKEN="test-token", HF_HUB_DISABLE_XET="1",
                HF_HOME=str(tmp_path / "hf-home"), HF_HUB_OFFLINE="0", OMP_NUM_THREADS="1",
                TOKENIZERS_PARALLELISM="false")


READ_BACK = """
import json, re
from huggingface_hub import HfApi, ModelCard, hf_hub_download
repo, rev = "pcwm/tiny-tsan", "smoke"
api = HfApi()
card = ModelCard.load(hf_hub_download(repo, "README.md", revision=rev))
# the card's own usage snippet, run as a user would (shorter generation; the tiny model's answer is not parseable,
# so the final print of the parsed outcome is left out)
snippet = re.search(r"```python\\n(.*?)```", card.text, re.S).group(1).replace("8192", "4")
open("my_code.c", "w").write("int main(void) { return 0; }\\n")
scope = {}
exec("\\n".join(snippet.strip().splitlines()[:-1]), scope)
print(json.dumps({"files": api.list_repo_files(repo, revision=rev), "main": api.list_repo_files(repo),
                  "generated": scope["out"].shape[1] - scope["enc"]["input_ids"].shape[1],
                  "card": card.data.to_dict(), "text": card.text}))
"""


def test_tiny_recipe_end_to_end_with_push(hub, tmp_path, smoke_dataset_dir, tiny_model_dir):
    env = _env(hub, tmp_path)
    out = tmp_path / "out"
    proc = subprocess.run(
        [PCWM, "train", "--recipe", "recipes/tiny/tsan/sft.yaml", "--output_dir", str(out), "--max_steps", "3",
         "--eval_limit", "2", "--eval_max_new_tokens", "8", "--disable_tqdm", "true"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "pushed to pcwm/tiny-tsan@smoke" in proc.stdout

    read = subprocess.run([sys.executable, "-c", READ_BACK], env=env, capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert read.returncode == 0, read.stderr[-4000:]
    got = json.loads(read.stdout.strip().splitlines()[-1])
    assert {"model.safetensors", "config.json", "tokenizer.json", "README.md", "eval_results.json"} <= set(got["files"])
    assert not any(f.startswith("checkpoint-") for f in got["files"])
    assert "model.safetensors" not in got["main"]  # pushed at the revision, main untouched
    assert got["generated"] > 0
    assert got["card"]["base_model"] == "tiny" and got["card"]["datasets"] == ["pcwm-seed-smoke"]
    assert "learning rate | 0.003" in got["text"] and "heldout_race_accuracy" in got["text"]


def test_push_without_a_reachable_hub_fails_before_training(tmp_path, tiny_model_dir):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.run(
        [PCWM, "train", "--recipe", "recipes/tiny/tsan/sft.yaml", "--output_dir", str(tmp_path / "out")],
        cwd=REPO, env=_env(f"http://127.0.0.1:{port}", tmp_path), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1  # a Hub error
    assert "refused whoami" in proc.stderr and "--push_to_hub_revision false" in proc.stderr
    assert not (tmp_path / "out").exists()  # nothing trained
