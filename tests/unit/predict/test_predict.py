"""`pcwm.predict` and `pcwm predict` with the local tiny model (1 torch thread, few tokens) on DataRaceBench
programs and partial snippets, the input errors, the oracle baseline, and a model loaded from a Hub at a revision."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from predict_inputs import FORTRAN, PROSE, PYTHON, RACE, SNIPPET, cli_outcome
from typer.testing import CliRunner

from pcwm.cli import app
from pcwm.worldmodel.outcomes import OutcomeParseError, parse_tsan

REPO = Path(__file__).resolve().parents[3]
TINY = {"model": "tiny", "cpu_threads": 1, "max_tokens": 24}
CLI_TINY = ["--model", "tiny", "--cpu-threads", "1", "--max-tokens", "24"]


def _consistent(pred):
    """Each sample's recorded parse agrees with the shared parser on its raw text; the verdict follows."""
    for text, parsed, err in zip(pred.raw, pred.parsed, pred.parse_errors, strict=True):
        try:
            assert parse_tsan(text) == parsed and err is None
        except OutcomeParseError:
            assert parsed is None and err
    if not pred.parsed_ok:
        assert pred.verdict is None and pred.confidence is None
        assert any("not a 'no race' prediction" in w for w in pred.warnings)


def test_import_pcwm_is_light_and_predict_is_callable():
    code = ("import sys, pcwm; assert 'torch' not in sys.modules and 'transformers' not in sys.modules; "
            "assert callable(pcwm.predict) and pcwm.TOOL_SPEC['type'] == 'function'; "
            "import pcwm.predict as m; assert pcwm.predict is m and callable(m) and m.predict is not m; "
            "assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_predict_drb_program_with_the_tiny_model(drb, one_thread):
    import pcwm

    code = drb("DRB001-antidep1-orig-yes.c").read_text()
    pred = pcwm.predict(code, samples=3, file_name="DRB001-antidep1-orig-yes.c", **TINY)
    assert pred.tool == "tsan" and pred.samples == 3 and len(pred.raw) == 3
    assert pred.shown_name == "generated.c" and pred.file_name == "DRB001-antidep1-orig-yes.c"
    assert pred.latency_s > 0 and pred.prompt_tokens > 500
    assert len(pred.completion_tokens) == 3 and all(0 < n <= 24 for n in pred.completion_tokens)
    _consistent(pred)
    assert json.loads(json.dumps(pred.to_dict()))["samples"] == 3


def test_predict_partial_snippet_needs_no_compiler(one_thread, monkeypatch):
    import pcwm

    monkeypatch.setenv("PATH", "/nonexistent")  # no clang reachable: prediction must not compile anything
    pred = pcwm.predict(SNIPPET, samples=2, **TINY)
    assert pred.lang == "c" and len(pred.raw) == 2
    _consistent(pred)


def test_predict_workpct_asks_the_pair_prompt_with_the_code_twice(drb, one_thread):
    import pcwm
    from pcwm.predict.generation import build_prompt

    code = drb("DRB045-doall1-orig-no.c").read_text()
    pred = pcwm.predict(code, tool="workpct", threads=(4, 16), **TINY)
    assert pred.tool == "workpct" and pred.threads == [4, 16]
    assert pred.prompt_hash == build_prompt("workpct", code, "generated.c", "c", vs=code, threads=(4, 16)).hash
    assert pred.parsed_ok == bool(pred.regions) and len(pred.parse_errors) == 1


def test_oracle_baseline_predicts_the_sandbox_verdict(drb):
    import pcwm

    racy = pcwm.predict(drb("DRB001-antidep1-orig-yes.c").read_text(), model="baseline:oracle", samples=2,
                        file_name="DRB001.c")
    assert racy.verdict == "race" and racy.confidence == 1.0
    assert ["DRB001.c:64"] in [r.code_locations for r in racy.races]
    clean = pcwm.predict(drb("DRB045-doall1-orig-no.c").read_text(), model="baseline:oracle")
    assert clean.verdict == "no race" and clean.races == []
    with pytest.raises(ValueError, match="baselines answer race prompts only"):
        pcwm.predict(SNIPPET, tool="workpct", model="baseline:oracle")


def test_bad_arguments_raise():
    import pcwm
    from pcwm.predict import InputError

    with pytest.raises(InputError):
        pcwm.predict(PYTHON)
    with pytest.raises(ValueError, match="tool must be"):
        pcwm.predict(SNIPPET, tool="valgrind")
    with pytest.raises(ValueError, match="only used with tool='workpct'"):
        pcwm.predict(SNIPPET, vs=SNIPPET)


# ---------------------------------------------------------------- CLI


def test_cli_json_on_a_cpp_drb_program(drb, one_thread):
    res = CliRunner().invoke(app, ["predict", str(drb("DRB086-static-data-member-orig-yes.cpp")), "--json", "-n",
                                   "2", *CLI_TINY])
    out = json.loads(res.stdout)
    assert out["lang"] == "cpp" and out["shown_name"] == "generated.cpp" and len(out["raw"]) == 2
    assert (out["n_unparseable"], res.exit_code) == cli_outcome(out["raw"]), res.output
    assert out["file_name"] == "DRB086-static-data-member-orig-yes.cpp"


@pytest.mark.parametrize("hide", [False, True], ids=["reasoning", "hide-reasoning"])
def test_cli_stdin_snippet_tables_race_and_reasoning(scripted_endpoint, hide):
    scripted_endpoint.replies = [RACE]
    res = CliRunner().invoke(app, ["predict", "-", "--name", "kernel.c", "--model", "openai:scripted",
                                   *(["--hide-reasoning"] if hide else [])],
                             input=SNIPPET, env={"OPENAI_BASE_URL": scripted_endpoint.url, "COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "ThreadSanitizer prediction for kernel.c" in res.output
    assert "RACE" in res.output and "kernel.c:64" in res.output and "No parseable answer" not in res.output
    assert ("Line 64 reads a[i+1]" in res.output) == (not hide)


def test_cli_tables_unparseable_answer_exits_3(scripted_endpoint):
    scripted_endpoint.replies = [PROSE]
    res = CliRunner().invoke(app, ["predict", "-", "--name", "kernel.c", "--model", "openai:scripted"],
                             input=SNIPPET, env={"OPENAI_BASE_URL": scripted_endpoint.url, "COLUMNS": "160"})
    assert res.exit_code == 3, res.output
    assert "No parseable answer in 1 sample(s)" in res.output and "no <answer> block" in res.output


def test_cli_oracle_tables_show_races_with_file_line_and_votes(drb):
    res = CliRunner().invoke(app, ["predict", str(drb("DRB001-antidep1-orig-yes.c")), "--model", "baseline:oracle",
                                   "-n", "2"])
    assert res.exit_code == 0, res.output
    assert "RACE" in res.output and "DRB001-antidep1-orig-yes.c:64" in res.output and "2/2 (100%)" in res.output
    assert "a[i]=a[i+1]+1;" in res.output.replace(" ", "")  # the source line of the predicted location


@pytest.mark.parametrize("text,name", [(PYTHON, "tool.py"), (PYTHON, None), (FORTRAN, None),
                                       ("just some words; nothing else\n", None)])
def test_cli_not_c_exits_2_with_a_message(tmp_path, text, name):
    runner = CliRunner()
    if name:
        f = tmp_path / name
        f.write_text(text)
        res = runner.invoke(app, ["predict", str(f)])
    else:
        res = runner.invoke(app, ["predict", "-"], input=text)
    assert res.exit_code == 2
    assert "C/C++" in res.output and "error:" in res.output


def test_cli_c_without_openmp_warns_and_still_predicts(tmp_path, one_thread):
    f = tmp_path / "plain.c"
    f.write_text("#include <stdio.h>\nint main(void) {\n  int s = 0;\n  for (int i = 0; i < 9; i++) s += i;\n"
                 "  printf(\"%d\\n\", s);\n  return 0;\n}\n")
    res = CliRunner().invoke(app, ["predict", str(f), "--json", *CLI_TINY])
    out = json.loads(res.stdout)
    assert (out["n_unparseable"], res.exit_code) == cli_outcome(out["raw"]), res.output
    assert any("not OpenMP" in w for w in out["warnings"])


def test_cli_missing_file_and_bad_options_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["predict", str(tmp_path / "nope.c")]).exit_code == 2
    f = tmp_path / "k.c"
    f.write_text(SNIPPET)
    assert runner.invoke(app, ["predict", str(f), "--tool", "gdb"]).exit_code == 2
    assert runner.invoke(app, ["predict", str(f), "--vs", str(f)]).exit_code == 2
    assert runner.invoke(app, ["predict", str(f), "--tool", "workpct", "--threads", "4,x"]).exit_code == 2


# ---------------------------------------------------------------- a model from a Hub, at a revision


def test_model_from_a_hub_at_a_revision(tmp_path, tiny_model_dir, drb):
    """The tiny model pushed to a Hub-protocol test server on loopback, predicted with hf:pcwm/tiny-tsan@v1 by
    the real huggingface_hub/transformers clients (in subprocesses: they read HF_ENDPOINT at import)."""
    sys.path.insert(0, str(REPO / "tests"))
    from hub_server import HubServer

    with HubServer(tmp_path / "hub") as hub:
        env = {**os.environ, "HF_ENDPOINT": hub.endpoint, "HF_TOKEN": "test", "HF_HUB_DISABLE_XET": "1",
               "HF_HOME": str(tmp_path / "hf"), "OMP_NUM_THREADS": "1"}
        env.pop("HF_HUB_OFFLINE", None)
        push = ("from huggingface_hub import HfApi; api = HfApi(); api.create_repo('pcwm/tiny-tsan'); "
                f"api.upload_folder(repo_id='pcwm/tiny-tsan', folder_path={tiny_model_dir!r}); "
                "api.create_tag('pcwm/tiny-tsan', tag='v1')")
        subprocess.run([sys.executable, "-c", push], env=env, check=True, timeout=300, capture_output=True)
        res = subprocess.run([sys.executable, "-m", "pcwm.cli", "predict", str(drb("DRB045-doall1-orig-no.c")),
                              "--model", "hf:pcwm/tiny-tsan@v1", "--cpu-threads", "1", "--max-tokens", "16",
                              "--json"], env=env, capture_output=True, text=True, timeout=300)
    assert res.stdout.startswith("{"), res.stderr[-2000:]
    out = json.loads(res.stdout)
    assert (out["n_unparseable"], res.returncode) == cli_outcome(out["raw"]), res.stderr[-2000:]
    assert out["model"] == "hf:pcwm/tiny-tsan" and out["revision"] == "v1" and len(out["raw"]) == 1
