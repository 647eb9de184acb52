"""The CLI contract: one exit-code table, one-line errors, Enum choices, `--set` overrides, default commands."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcwm.cli import app
from pcwm.errors import ExitCode, PcwmError

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner(env={"COLUMNS": "200"})  # rich wraps error panels at the terminal width

# every deliberate error class: (module, class, exit code, the builtin base its callers already catch)
ERRORS = [
    ("pcwm.config", "ConfigError", ExitCode.USAGE, ValueError),
    ("pcwm.yamlconf", "ConfigError", ExitCode.USAGE, ValueError),
    ("pcwm.train.config", "RecipeError", ExitCode.USAGE, ValueError),
    ("pcwm.evals.suites", "SuiteError", ExitCode.USAGE, ValueError),
    ("pcwm.problems.bank", "SeedError", ExitCode.USAGE, ValueError),
    ("pcwm.data.cards", "CardError", ExitCode.USAGE, ValueError),
    ("pcwm.data.records", "RecordError", ExitCode.USAGE, ValueError),
    ("pcwm.data.subsets", "SubsetError", ExitCode.USAGE, ValueError),
    ("pcwm.data.sft", "CotError", ExitCode.USAGE, ValueError),
    ("pcwm.predict.source", "InputError", ExitCode.USAGE, ValueError),
    ("pcwm.static.model", "StaticModelError", ExitCode.USAGE, ValueError),
    ("pcwm.evals.run", "UnsafeCodeNotConfirmed", ExitCode.USAGE, RuntimeError),
    ("pcwm.evals.publish", "PublishError", ExitCode.FAILED, ValueError),
    ("pcwm.evals.items_hub", "ItemsError", ExitCode.FAILED, RuntimeError),
    ("pcwm.evals.scoring", "NoResults", ExitCode.FAILED, FileNotFoundError),
    ("pcwm.evals.benchmarks", "BenchmarkNotFound", ExitCode.FAILED, RuntimeError),
    ("pcwm.models", "BackendError", ExitCode.FAILED, RuntimeError),
    ("pcwm.hub", "HubError", ExitCode.FAILED, RuntimeError),
    ("pcwm.worldmodel.outcomes", "OutcomeParseError", ExitCode.UNPARSEABLE, ValueError),
    ("pcwm.sandbox.toolchain", "ToolchainError", ExitCode.INFRASTRUCTURE, RuntimeError),
    ("pcwm.sandbox.confine", "SandboxUnavailable", ExitCode.INFRASTRUCTURE, RuntimeError),
    ("pcwm.sandbox.contain", "SandboxStopped", ExitCode.STOPPED, Exception),
    ("pcwm.pipelines.run", "PipelineStopped", ExitCode.STOPPED, RuntimeError),
]


@pytest.mark.parametrize(("module", "name", "code", "builtin"), ERRORS, ids=[f"{m}.{n}" for m, n, *_ in ERRORS])
def test_every_error_class_carries_its_exit_code(module, name, code, builtin):
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, PcwmError) and issubclass(cls, builtin)
    assert cls("x").exit_code == code


def test_help_shows_the_exit_code_table():
    res = runner.invoke(app, ["--help"], env={"COLUMNS": "160"})
    assert res.exit_code == 0
    for line in ("1    the command failed", "2    usage", "3    the model answered", "4    infrastructure",
                 "5    an optional dependency is missing", "130  stopped"):
        assert line in res.output


def test_a_usage_error_is_one_line_without_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    res = subprocess.run([sys.executable, "-m", "pcwm.cli", "train", "--recipe", str(tmp_path / "nope.yaml")],
                         cwd=REPO, capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == ExitCode.USAGE
    assert res.stderr.splitlines() == [f"error: recipe not found: {tmp_path / 'nope.yaml'}"]


def test_no_results_is_a_failure_and_a_bad_folder_is_usage(tmp_path):
    res = runner.invoke(app, ["eval", "score", "-o", str(tmp_path)])
    assert res.exit_code == ExitCode.FAILED and "error: no suite results" in res.output
    res = runner.invoke(app, ["dataset", "stats", str(tmp_path / "not-there")])
    assert res.exit_code == ExitCode.USAGE and "give --revision" in res.output


def test_enum_choices_are_listed_and_checked(tmp_path):
    src = tmp_path / "k.c"
    src.write_text("int main(void) { return 0; }\n")
    res = runner.invoke(app, ["sandbox", "run", str(src), "--tool", "gdb"])
    assert res.exit_code == ExitCode.USAGE and "'gdb' is not one of 'tsan', 'workpct'" in res.output
    res = runner.invoke(app, ["sandbox", "run", str(src), "--tool", "workpct", "--backend", "papi"])
    assert res.exit_code == ExitCode.USAGE and "'papi' is not one of 'auto', 'ompt', 'caliper'" in res.output
    res = runner.invoke(app, ["dataset", "build", str(src), "--out", str(tmp_path / "o"), "--kind", "gpu"])
    assert res.exit_code == ExitCode.USAGE and "'gpu' is not one of 'tsan', 'caliper', 'problems'" in res.output
    helptext = runner.invoke(app, ["predict", "--help"], env={"COLUMNS": "200"}).output
    assert "tsan|workpct" in helptext


def test_eval_run_set_overrides_under_the_shortcut_options():
    from pcwm.cli.eval import _overrides
    from pcwm.evals.suites import load_suite

    over = _overrides(["sampling.temperature=0.2", "sampling.n=9"], 4, 0, None, 3)
    assert over == {"sampling": {"temperature": 0.2, "n": 4}, "programs": {"limit": 3}}
    suite = load_suite("dataracebench-smoke", over)
    assert (suite.sampling.n, suite.sampling.temperature) == (4, 0.2)


def test_bad_set_is_a_usage_error():
    res = runner.invoke(app, ["eval", "run", "dataracebench-smoke", "-m", "static", "--set", "sampling"])
    assert res.exit_code == ExitCode.USAGE and "error: override 'sampling': expected key.path=value" in res.output


def test_train_takes_set_and_trl_style_overrides():
    res = runner.invoke(app, ["train", "--recipe", "recipes/tiny/tsan/sft.yaml", "--dry-run", "--set", "max_steps=7",
                              "--learning_rate", "0.0002"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    rows = {line.split("│")[2].strip(): line.split("│")[3].strip() for line in res.output.splitlines()
            if line.count("│") >= 4}
    assert rows["max_steps"] == "7" and rows["learning_rate"] == "0.0002"


def test_generate_run_is_the_default_command(tmp_path):
    recipe = str(REPO / "recipes" / "generate" / "offline.yaml")
    for args in (["generate", "run"], ["generate"]):
        out = tmp_path / f"{len(args)}.yaml"
        res = runner.invoke(app, [*args, "--recipe", recipe, "--dump", str(out), "--dump-only"])
        assert res.exit_code == 0, res.output
        assert out.is_file() and "offline" in out.read_text()
