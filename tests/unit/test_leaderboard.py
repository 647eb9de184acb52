"""`pcwm leaderboard build`: merges results folders of several models into Markdown, a static HTML page with
plots and score tables, keeps the paper's numbers apart, and pushes the folder to a Hub dataset (real
huggingface_hub client against the Hub-protocol test server on loopback)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pcwm.cli import app
from pcwm.evals.run import run_suite
from pcwm.evals.store import SuiteStore
from pcwm.evals.tasks import pareval_caliper as suite_caliper
from pcwm.evals.tasks import racefix as suite_racefix
from pcwm.evals.tasks.base import ProgramSelection, Sampling
from pcwm.evals.tasks.dataracebench import ITEM_SCHEMA, DataRaceBenchSuite
from pcwm.leaderboard import build
from pcwm.models import make_model
from pcwm.worldmodel.outcomes import RegionWork, render_workpct_pair

REPO = Path(__file__).resolve().parents[2]


def _results(tmp_path: Path) -> list[Path]:
    """Two results folders, as from two machines: DRB baselines in one, caliper and racefix rows in the other."""
    a, b = tmp_path / "machine-a", tmp_path / "machine-b"
    suite = DataRaceBenchSuite(name="drb", programs=ProgramSelection(ids=[1, 2, 3, 45, 46, 47]),
                               sampling=Sampling(n=2))
    run_suite(suite, make_model("baseline:always-race"), a)
    run_suite(suite, make_model("baseline:never-race"), b)
    common = {"revision": "r", "suite_hash": "h", "prompt_hash": "p", "created_at": time.time()}
    cal = SuiteStore(b, "cal")
    items = []
    for t, wa in ((4, 95.0), (16, 45.0)):
        label, order = suite_caliper.bucket(abs(wa - 50), [10, 20, 30, 40])
        items.append({"item_id": "P", "problem": "p", "a_id": "x", "b_id": "y", "threads": t, "work_a": wa,
                      "work_b": 50.0, "gap": abs(wa - 50), "tie": False, "gap_bucket": label, "bucket_order": order})
    cal.write_items(items, suite_caliper.ITEM_SCHEMA, key=("item_id", "threads"))
    text = "<answer>" + render_workpct_pair([RegionWork("a", {4: 90, 16: 60})], [RegionWork("b", {4: 40, 16: 40})])
    cal.append("wm", [{**common, "model": "wm", "suite": "cal", "item_id": "P", "sample": 0, "completion": text,
                       **suite_caliper.parse_prediction(text + "</answer>", [4, 16])}], suite_caliper.GEN_SCHEMA)
    (cal.dir / "suite.json").write_text(json.dumps({"name": "cal", "kind": "pareval_caliper"}))
    fix = SuiteStore(b, "fix")
    fix.write_items([], ITEM_SCHEMA)
    fix.append("actor", [{**common, "model": "actor", "suite": "fix", "item_id": f"D{i}", "sample": 0,
                          "completion": "", "feedback": fb, "world_model": "", "feedback_text": "", "edit_text": "",
                          "fixed_code": None, "extracted": True, "status": st, "compiles": True,
                          "race_free": st == "ok", "still_parallel": True, "fixed": st == "ok"}
                         for i, (fb, st) in enumerate([("none", "race"), ("oracle", "ok"), ("self", "race")])],
               suite_racefix.GEN_SCHEMA)
    (fix.dir / "suite.json").write_text(json.dumps({"name": "fix", "kind": "racefix"}))
    return [a, b]


@pytest.mark.needs_data("dataracebench", "pareval")
def test_build_merges_machines_into_tables_and_plots(tmp_path):
    out = tmp_path / "board"
    board = build(_results(tmp_path), out)
    assert set(board.scores) == {"drb", "cal", "fix"}
    md = (out / "leaderboard.md").read_text()
    assert "| baseline:always-race | 50.0 |" in md and "| baseline:never-race | 50.0 |" in md
    assert "| wm | 100.0 | 0.0 | 50.0 |" in md  # 4 threads right, 16 threads wrong
    assert "| actor | 0.0 | 0.0 | 100.0 | 1 |" in md
    measured, reported = md.split("## Reported in the paper (not measured here)")
    assert "Qwen-2.5-7B" in reported and "Qwen-2.5-7B" not in measured
    page = (out / "index.html").read_text()
    assert page.count("data:image/png;base64,") == 3 and "<table class='reported'>" in page
    assert all(p.stat().st_size > 5000 for p in (out / "plots").glob("*.png"))
    rows = pq.read_table(out / "scores" / "drb" / "drb_summary.parquet").to_pylist()
    assert {r["model"] for r in rows} == {"baseline:always-race", "baseline:never-race"}


@pytest.mark.needs_data("dataracebench", "pareval")
def test_cli_build_and_push_to_a_hub_dataset(tmp_path):
    results = _results(tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["leaderboard", "build", *map(str, results), "-o", str(tmp_path / "b1"),
                              "--no-reported"])
    assert res.exit_code == 0, res.output
    assert "Reported" not in (tmp_path / "b1" / "leaderboard.md").read_text()
    assert runner.invoke(app, ["leaderboard", "build", str(tmp_path / "empty"), "-o", str(tmp_path / "b2")]
                         ).exit_code == 1
    sys.path.insert(0, str(REPO / "tests"))
    from hub_server import HubServer

    with HubServer(tmp_path / "hub") as hub:
        env = hub.client_env(tmp_path / "hf")
        push = subprocess.run([sys.executable, "-m", "pcwm.cli", "leaderboard", "build", *map(str, results), "-o",
                               str(tmp_path / "b3"), "--push", "pcwm/leaderboard"], env=env, capture_output=True,
                              text=True, timeout=300)
        assert push.returncode == 0, push.stderr[-2000:]
        check = ("from huggingface_hub import HfApi; import json; "
                 "print(json.dumps(sorted(HfApi().list_repo_files('pcwm/leaderboard', repo_type='dataset'))))")
        files = json.loads(subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True,
                                          timeout=120, check=True).stdout)
    assert {"leaderboard.md", "index.html", "scores.json", "scores/drb/drb_summary.parquet"} <= set(files)
