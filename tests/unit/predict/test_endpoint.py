"""Predictions through OpenAI-compatible endpoints on loopback.

A scripted server of our own answers with given texts, so the verdict, the races and the exit code are asserted
exactly for a race, no race and unparseable answers. `transformers serve` with the tiny model runs the real stack
end to end; its output is noise, so those tests assert only what follows from it deterministically (a response per
sample, each parsed or counted as unparseable as the shared parser reads it, and the exit code that follows).
"""

from __future__ import annotations

import json

import pytest
from predict_inputs import NO_RACE, PROSE, RACE, SNIPPET, TRUNCATED, cli_outcome
from typer.testing import CliRunner

from pcwm.cli import app
from pcwm.predict import PredictedRace

# ---------------------------------------------------------------- scripted endpoint: exact outcomes


def test_api_majority_race_with_locations_under_the_callers_name(scripted_endpoint, drb, monkeypatch):
    import pcwm

    scripted_endpoint.replies = [RACE, NO_RACE, RACE]
    monkeypatch.setenv("PCWM_TEST_BASE_URL", scripted_endpoint.url)
    code = drb("DRB001-antidep1-orig-yes.c").read_text()
    pred = pcwm.predict(code, model="openai:scripted", samples=3, max_tokens=64,
                        base_url_env="PCWM_TEST_BASE_URL", file_name="DRB001.c")
    assert pred.model == "openai:scripted" and pred.revision == "api"
    assert pred.raw == [RACE, NO_RACE, RACE]
    assert pred.parse_errors == [None, None, None] and pred.n_unparseable == 0
    assert pred.verdict == "race" and pred.confidence == pytest.approx(2 / 3)
    assert pred.races == [PredictedRace("read/write race", ["DRB001.c:64"], 2, pytest.approx(2 / 3))]
    assert pred.reasoning == "Line 64 reads a[i+1] while another thread writes it as a[i]."
    assert pred.prompt_tokens is None and pred.completion_tokens is None  # no tokenizer is known for an API model
    assert pred.warnings == []
    # one request per sample (the server ignores n); the model sees generated.c, never the -yes file name
    assert len(scripted_endpoint.requests) == 3
    prompt = scripted_endpoint.requests[0]["messages"][-1]["content"]
    assert "File `generated.c` (c)" in prompt and "DRB001" not in prompt
    assert scripted_endpoint.requests[0]["max_tokens"] == 64


def test_api_tie_counts_as_race_and_unparseable_samples_do_not_vote(scripted_endpoint, monkeypatch):
    import pcwm

    scripted_endpoint.replies = [NO_RACE, PROSE, RACE]
    monkeypatch.setenv("PCWM_TEST_BASE_URL", scripted_endpoint.url)
    pred = pcwm.predict(SNIPPET, model="openai:scripted", samples=3, base_url_env="PCWM_TEST_BASE_URL")
    assert pred.parse_errors == [None, "no <answer> block and no answer header", None]
    assert pred.verdict == "race" and pred.confidence == 0.5
    assert pred.races == [PredictedRace("read/write race", ["generated.c:64"], 1, 0.5)]


def test_api_no_parseable_sample_is_no_verdict_not_no_race(scripted_endpoint, monkeypatch):
    import pcwm

    scripted_endpoint.replies = [PROSE, TRUNCATED]
    monkeypatch.setenv("PCWM_TEST_BASE_URL", scripted_endpoint.url)
    pred = pcwm.predict(SNIPPET, model="openai:scripted", samples=2, base_url_env="PCWM_TEST_BASE_URL")
    assert pred.parse_errors == ["no <answer> block and no answer header", "race list is not a JSON or Python list"]
    assert pred.verdict is None and pred.confidence is None and pred.races == []
    assert pred.warnings == ["no parseable answer in 2 sample(s): the model's output does not follow the answer "
                             "format (see raw); this is not a 'no race' prediction"]


@pytest.mark.parametrize(("reply", "exit_code", "verdict", "races", "error"), [
    (RACE, 0, "race", [{"type": "read/write race", "code_locations": ["generated.c:64"], "votes": 1, "share": 1.0}],
     None),
    (NO_RACE, 0, "no race", [], None),
    (PROSE, 3, None, [], "no <answer> block and no answer header"),
    (TRUNCATED, 3, None, [], "race list is not a JSON or Python list"),
], ids=["race", "no-race", "prose", "truncated-list"])
def test_cli_verdict_and_exit_code_per_answer(scripted_endpoint, reply, exit_code, verdict, races, error):
    scripted_endpoint.replies = [reply]
    res = CliRunner().invoke(app, ["predict", "-", "--model", "openai:scripted", "--json"], input=SNIPPET,
                             env={"OPENAI_BASE_URL": scripted_endpoint.url})
    assert res.exit_code == exit_code, res.output
    out = json.loads(res.stdout)
    assert out["verdict"] == verdict and out["races"] == races
    assert out["parse_errors"] == [error] and out["n_unparseable"] == (error is not None)
    assert out["raw"] == [reply]
    assert scripted_endpoint.requests[0]["max_tokens"] == 8192  # the default budget for a served model


# ---------------------------------------------------------------- the real stack: transformers serve, tiny model


def test_api_through_the_endpoint(openai_server, drb, monkeypatch):
    import pcwm

    url, model = openai_server
    monkeypatch.setenv("PCWM_TEST_BASE_URL", url)
    code = drb("DRB001-antidep1-orig-yes.c").read_text()
    pred = pcwm.predict(code, model=f"openai:{model}", samples=2, max_tokens=16,
                        base_url_env="PCWM_TEST_BASE_URL", file_name="DRB001.c")
    assert pred.model == f"openai:{model}" and pred.revision == "api"
    assert len(pred.raw) == 2 and len(pred.parse_errors) == 2  # the server ignores n: the client asks twice
    assert all(pred.raw) and pred.raw[0] != pred.raw[1]  # sampled text, not greedy special tokens
    assert pred.prompt_tokens > 500 and all(0 < n <= 16 for n in pred.completion_tokens)
    # each noisy sample counts as unparseable exactly when the shared parser cannot read it
    assert [e is not None for e in pred.parse_errors] == [cli_outcome([t])[0] == 1 for t in pred.raw]
    assert (pred.verdict is None) == (not pred.parsed_ok)
    no_answer = [w for w in pred.warnings if "not a 'no race' prediction" in w]
    assert len(no_answer) == (0 if pred.parsed_ok else 1)


def test_cli_through_the_endpoint(openai_server):
    url, model = openai_server
    res = CliRunner().invoke(app, ["predict", "-", "--model", f"openai:{model}", "--max-tokens", "16", "--json"],
                             input=SNIPPET, env={"OPENAI_BASE_URL": url})
    assert res.stdout.startswith("{"), res.output  # a prediction was printed (no backend or input failure)
    out = json.loads(res.stdout)
    assert out["model"] == f"openai:{model}" and len(out["raw"]) == 1 and out["raw"][0]
    assert (out["n_unparseable"], res.exit_code) == cli_outcome(out["raw"]), res.output


def test_cli_endpoint_down_exits_1_naming_the_model(tmp_path):
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = CliRunner().invoke(app, ["predict", "-", "--model", "openai:nobody", "--base-url-env", "PCWM_DOWN_URL"],
                             input=SNIPPET, env={"PCWM_DOWN_URL": f"http://127.0.0.1:{port}/v1"})
    assert res.exit_code == 1
    assert "model 'openai:nobody' failed" in res.output and "Connection" in res.output
