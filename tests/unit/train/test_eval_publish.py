"""Train -> eval -> publish on the loopback Hub: the tiny recipe pushes pcwm/tiny-tsan@smoke, `pcwm eval run` scores
that Hub revision on DataRaceBench, `pcwm eval publish` writes the scores into the model card, and huggingface_hub's
`ModelCard.load(...).data.eval_results` lists them with the values `pcwm eval score` prints. The Hub test server
runs in its own session and is stopped in a finally block."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from servers import client_env, hub_process  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
PCWM = [sys.executable, "-m", "pcwm.cli"]
READ = """
import json, sys
from huggingface_hub import ModelCard, hf_hub_download
main = ModelCard.load("pcwm/tiny-tsan")
smoke = ModelCard.load(hf_hub_download("pcwm/tiny-tsan", "README.md", revision="smoke"))
def entries(card):
    return [[e.dataset_config, e.dataset_split, e.metric_type, e.metric_value] for e in card.data.eval_results]
print(json.dumps({"main": entries(main), "smoke": entries(smoke), "smoke_base": smoke.data.base_model,
                  "smoke_text": smoke.text}))
"""


def _run(env, argv, cwd=REPO, timeout=900):
    res = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-4000:]
    return res


@pytest.mark.slow  # ~2 min on 2 busy cores: trains, generates and pushes
@pytest.mark.needs_data("dataracebench")
def test_train_eval_publish_lists_scores_in_the_model_card(tmp_path, bench, smoke_dataset_dir, tiny_model_dir):
    with hub_process(tmp_path / "hub") as endpoint:
        env = {**client_env(endpoint, tmp_path / "hf"), "PCWM_DATARACEBENCH_DIR": str(bench("dataracebench"))}
        _run(env, [*PCWM, "train", "--recipe", "recipes/tiny/tsan/sft.yaml", "--output_dir", str(tmp_path / "out"),
                   "--max_steps", "2", "--eval_limit", "1", "--eval_max_new_tokens", "4", "--disable_tqdm", "true"])
        results = tmp_path / "results"
        _run(env, [*PCWM, "eval", "run", "dataracebench-smoke", "-m", "hf:pcwm/tiny-tsan@smoke", "--name",
                   "tiny-tsan", "--samples", "1", "--max-tokens", "16", "--limit", "4", "--torch-threads", "1",
                   "-o", str(results)])
        _run(env, [*PCWM, "eval", "score", "-o", str(results), "--json", str(tmp_path / "scores.json")])
        _run(env, [*PCWM, "eval", "publish", str(results), "--model-repo", "pcwm/tiny-tsan", "--revision", "smoke"])
        _run(env, [*PCWM, "eval", "publish", str(results), "--model-repo", "pcwm/tiny-tsan"])
        got = json.loads(_run(env, [sys.executable, "-c", READ]).stdout.strip().splitlines()[-1])

    summary = json.loads((tmp_path / "scores.json").read_text())["dataracebench-smoke"]["drb_summary"]
    overall = next(r for r in summary if r["model"] == "tiny-tsan" and r["subset"] == "overall")
    for card in ("main", "smoke"):
        by = {(c, s, m): v for c, s, m, v in got[card]}
        assert by[("dataracebench-smoke", "overall", "accuracy")] == round(100 * overall["accuracy"], 2)
        assert {m for _, s, m in by if s == "overall"} >= {"accuracy"}
    assert got["smoke_base"] == "tiny" and "## Training" in got["smoke_text"]  # the training card is kept
