"""`pcwm train` command line: the default `run` command, validate, accelerate launch line, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcwm.cli import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[3]
RECIPES = sorted((REPO / "recipes").glob("*/*/sft.yaml"))


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def test_validate_every_shipped_recipe():
    res = runner.invoke(app, ["train", "validate"])
    assert res.exit_code == 0, res.output
    assert res.output.count("ok   ") == len(RECIPES) and "FAIL" not in res.output


def test_validate_reports_a_bad_recipe(tmp_path):
    bad = tmp_path / "sft.yaml"
    bad.write_text("# x\nmodel_name_or_path: tiny\ndataset_name: d\nlearning_rat: 1\n")
    res = runner.invoke(app, ["train", "validate", str(bad), "recipes/tiny/tsan/sft.yaml"])
    assert res.exit_code == 1
    assert "FAIL" in res.output and "learning_rat" in res.output and "ok   recipes/tiny/tsan/sft.yaml" in res.output


def test_default_command_is_run_and_overrides_pass_through():
    res = runner.invoke(app, ["train", "--recipe", "recipes/tiny/tsan/sft.yaml", "--dry-run", "--max_steps", "7"])
    assert res.exit_code == 0, res.output
    assert "max_steps" in res.output and "7" in res.output


def test_missing_recipe_is_a_clear_error():
    res = runner.invoke(app, ["train", "--recipe", "recipes/nope/tsan/sft.yaml"])
    assert res.exit_code == 2 and "recipe not found" in res.output


def test_accelerate_launch_command(capfd):
    res = runner.invoke(app, ["train", "--recipe", "recipes/qwen2.5-7b-instruct/tsan/sft.yaml", "--accelerate-config",
                              "recipes/accelerate/zero3.yaml", "--num-processes", "8", "--dry-run", "--seed", "1"])
    assert res.exit_code == 0, res.output
    cmd = res.output.strip().splitlines()[-1]
    assert "-m accelerate.commands.launch --config_file recipes/accelerate/zero3.yaml --num_processes 8" in cmd
    assert cmd.endswith("-m pcwm.train.sft --config recipes/qwen2.5-7b-instruct/tsan/sft.yaml --seed 1")
