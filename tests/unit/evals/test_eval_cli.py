"""`pcwm eval ls|validate|run|score` (and `pcwm eval oracle` still working) through the real CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pcwm.cli import app

runner = CliRunner()


def test_ls_and_validate():
    res = runner.invoke(app, ["eval", "ls"])
    assert res.exit_code == 0 and "dataracebench" in res.output and "racefix" in res.output
    res = runner.invoke(app, ["eval", "validate"])
    assert res.exit_code == 0, res.output
    assert "pareval_caliper.yaml: ok (at run time: solutions need" in res.output


@pytest.mark.needs_data("dataracebench")
def test_run_gate_resume_and_score(tmp_path):
    out = tmp_path / "res"
    base = ["eval", "run", "dataracebench-smoke", "--limit", "3", "-o", str(out)]
    res = runner.invoke(app, [*base, "-m", "baseline:oracle"])
    assert res.exit_code == 2 and "--confirm-run-unsafe-code" in res.output
    res = runner.invoke(app, [*base, "-m", "baseline:never-race", "-m", "baseline:always-race"])
    assert res.exit_code == 0, res.output
    assert "baseline:never-race: 6 new rows" in res.output and "drb_summary" in res.output
    assert "baseline:never-race: 0 new rows" in runner.invoke(app, [*base, "-m", "baseline:never-race"]).output
    res = runner.invoke(app, ["eval", "score", "dataracebench-smoke", "-o", str(out), "--json",
                              str(tmp_path / "s.json")])
    assert res.exit_code == 0, res.output
    scores = json.loads((tmp_path / "s.json").read_text())["dataracebench-smoke"]
    overall = {r["model"]: r for r in scores["drb_summary"] if r["subset"] == "overall"}
    assert overall["baseline:always-race"]["recall"] == 1.0 and overall["baseline:never-race"]["recall"] == 0.0
    assert runner.invoke(app, ["eval", "score", "nosuch", "-o", str(out)]).exit_code == 1
    assert runner.invoke(app, ["eval", "run", "nosuch", "-m", "tiny"]).exit_code == 2
    assert runner.invoke(app, ["eval", "run", "dataracebench-smoke", "-m", "gpt4"]).exit_code == 2


@pytest.mark.needs_data("dataracebench")
def test_oracle_command_still_works(tmp_path):
    res = runner.invoke(app, ["eval", "oracle", "--limit", "2", "--out", str(tmp_path / "o.json")])
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "o.json").read_text())["scores"]["overall"]["n"] == 2


@pytest.mark.needs_data("dataracebench")
def test_a_smaller_rerun_keeps_earlier_items(tmp_path):
    out = tmp_path / "res"
    base = ["eval", "run", "dataracebench-smoke", "-m", "baseline:never-race", "-o", str(out)]
    assert runner.invoke(app, [*base, "--limit", "4"]).exit_code == 0
    assert runner.invoke(app, [*base, "--limit", "2"]).exit_code == 0
    res = runner.invoke(app, ["eval", "score", "-o", str(out), "--json", str(tmp_path / "s.json")])
    overall = [r for r in json.loads((tmp_path / "s.json").read_text())["dataracebench-smoke"]["drb_summary"]
               if r["subset"] == "overall"]
    assert res.exit_code == 0 and overall[0]["programs"] == 4
