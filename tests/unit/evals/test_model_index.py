"""`pcwm eval publish`: scores become model-index entries of a Hub model card, read back by huggingface_hub's
`ModelCard.load(repo).data.eval_results`; real clients against the Hub-protocol test server (own session)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/unit: the leaderboard's results fixture
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests: servers
from test_leaderboard import _results  # noqa: E402

from servers import client_env, hub_process  # noqa: E402

SETUP = """
from huggingface_hub import HfApi, ModelCard, ModelCardData
HfApi().create_repo("pcwm/wm")
card = ModelCard.from_template(ModelCardData(license="apache-2.0", base_model="pcwm-tiny", tags=["pcwm"]),
                               template_str="---\\n{{ card_data }}\\n---\\n\\n# wm\\n\\nTrained by pcwm.\\n")
card.push_to_hub("pcwm/wm")
"""
READ = """
import json
from huggingface_hub import ModelCard
card = ModelCard.load("pcwm/wm")
print(json.dumps({"license": card.data.license, "base_model": card.data.base_model, "text": card.text,
                  "entries": [{"task": e.task_type, "dataset": e.dataset_type, "revision": e.dataset_revision,
                               "config": e.dataset_config, "split": e.dataset_split, "metric": e.metric_type,
                               "metric_config": e.metric_config, "value": e.metric_value}
                              for e in card.data.eval_results]}))
"""


def _py(env, script):
    res = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=env, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    return res.stdout


def _publish(env, results, *args):
    return subprocess.run([sys.executable, "-m", "pcwm.cli", "eval", "publish", *map(str, results),
                           "--model-repo", "pcwm/wm", *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.needs_data("dataracebench", "pareval")
def test_publish_writes_model_index_entries_and_merges(tmp_path):
    results = _results(tmp_path)
    with hub_process(tmp_path / "hub") as endpoint:
        env = client_env(endpoint, tmp_path / "hf")
        _py(env, SETUP)
        several = _publish(env, results)
        unknown = _publish(env, results, "--model", "nobody")
        for model in ("wm", "actor", "baseline:always-race", "baseline:always-race"):  # the last one: a re-run
            res = _publish(env, results, "--model", model)
            assert res.returncode == 0, res.stderr[-3000:]
        got = json.loads(_py(env, READ).strip().splitlines()[-1])

    assert several.returncode == 1 and "pick one with --model" in several.stderr
    assert unknown.returncode == 1 and "baseline:never-race" in unknown.stderr
    assert got["license"] == "apache-2.0" and got["base_model"] == "pcwm-tiny" and "Trained by pcwm." in got["text"]
    by = {(e["config"], e["split"], e["metric"], e["metric_config"]): e for e in got["entries"]}
    assert len(by) == len(got["entries"])  # re-publishing replaced, not duplicated
    # always-race on 3 racy + 3 race-free programs: accuracy 50 %, precision 50 %, recall 100 %
    assert by[("drb", "overall", "accuracy", None)]["value"] == 50.0
    assert by[("drb", "overall", "precision", None)]["value"] == 50.0
    assert by[("drb", "overall", "recall", None)]["value"] == 100.0
    assert by[("drb", "overall", "accuracy", None)]["dataset"] == "LLNL/dataracebench"
    assert len(by[("drb", "overall", "accuracy", None)]["revision"]) == 40  # the pinned upstream commit
    # wm: right at 4 threads, wrong at 16 (the leaderboard's numbers)
    assert [by[("cal", None, "accuracy", f"threads={t}")]["value"] for t in ("4", "16", "avg")] == [100.0, 0.0, 50.0]
    assert by[("fix", None, "race_free_rate", "feedback=oracle")]["value"] == 100.0
    assert by[("fix", None, "race_free_rate", "feedback=none")]["value"] == 0.0
    assert {e["task"] for e in got["entries"]} == {"text-generation"}
