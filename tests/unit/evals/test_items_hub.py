"""Suite items as a Hub dataset: `pcwm eval export` pushes a suite's programs (prompt, label, provenance) at a tag,
and `pcwm eval run --items-from REPO@TAG` gives the tiny model the same prompts, answers and scores as the git copy;
real clients against the Hub-protocol test server, started in its own session and stopped in a finally block."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from servers import client_env, hub_process  # noqa: E402

PCWM = [sys.executable, "-m", "pcwm.cli", "eval"]


def _pcwm(env, *args, cwd=None):
    res = subprocess.run([*PCWM, *args], env=env, capture_output=True, text=True, timeout=600, cwd=cwd)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-3000:]
    return res


def _scores(env, results: Path) -> dict:
    _pcwm(env, "score", "-o", str(results), "--json", str(results / "scores.json"))
    return json.loads((results / "scores.json").read_text())


@pytest.mark.needs_data("dataracebench")
def test_export_then_run_from_the_dataset_scores_like_git(tmp_path, bench):
    with hub_process(tmp_path / "hub") as endpoint:
        env = client_env(endpoint, tmp_path / "hf")
        env["PCWM_DATARACEBENCH_DIR"] = str(bench("dataracebench"))
        env["PCWM_BENCH_CACHE"] = str(tmp_path / "bench-cache")
        _pcwm(env, "export", "dataracebench-smoke", "-o", str(tmp_path / "items"), "--repo", "pcwm/eval-items",
              "--tag", "v1")
        rows = pq.read_table(tmp_path / "items" / "dataracebench-smoke" / "train-00000.parquet").to_pylist()
        assert len(rows) == 16 and rows[0]["prompt"][0]["role"] == "user"
        assert rows[0]["file"].startswith("micro-benchmarks/DRB") and len(rows[0]["upstream_commit"]) == 40
        assert "DRB" not in rows[0]["prompt"][0]["content"].split("```")[0]  # the neutral file name is shown

        # the tiny model, greedy: its answers depend on the prompt text only, so equal scores need equal prompts
        common = ["dataracebench-smoke", "-m", "tiny", "--samples", "1", "--temperature", "0", "--max-tokens", "8",
                  "--torch-threads", "1"]
        _pcwm(env, "run", *common, "-o", str(tmp_path / "git"))
        hub_env = {k: v for k, v in env.items() if k not in ("PCWM_DATARACEBENCH_DIR", "PCWM_BENCH_DATA")}
        _pcwm(hub_env, "run", *common, "-o", str(tmp_path / "hub-run"), "--items-from", "pcwm/eval-items@v1")
        bad = subprocess.run([*PCWM, "run", *common, "-o", str(tmp_path / "bad"), "--items-from", "no-revision"],
                             env=env, capture_output=True, text=True, timeout=300)

    git_dir, hub_dir = tmp_path / "git" / "dataracebench-smoke", tmp_path / "hub-run" / "dataracebench-smoke"
    assert json.loads((hub_dir / "suite.json").read_text())["data"] == {
        "source": "hub", "hub_repo": "pcwm/eval-items", "hub_revision": "v1", "config": "dataracebench-smoke"}
    assert json.loads((git_dir / "suite.json").read_text())["data"]["source"] == "benchmark"

    def prompts(d):
        return sorted((r["item_id"], r["prompt_hash"]) for p in d.glob("generations/*/*.parquet")
                      for r in pq.read_table(p, columns=["item_id", "prompt_hash"]).to_pylist())

    assert prompts(hub_dir) == prompts(git_dir) == sorted((r["item_id"], r["prompt_hash"]) for r in rows)

    def completions(d):
        return sorted((r["item_id"], r["completion"]) for p in d.glob("generations/*/*.parquet")
                      for r in pq.read_table(p, columns=["item_id", "completion"]).to_pylist())

    assert completions(hub_dir) == completions(git_dir)
    assert pq.read_table(hub_dir / "items.parquet").to_pylist() == pq.read_table(git_dir / "items.parquet").to_pylist()
    assert _scores(env, tmp_path / "hub-run") == _scores(env, tmp_path / "git")
    assert bad.returncode != 0 and "ORG/NAME@REVISION" in bad.stderr
