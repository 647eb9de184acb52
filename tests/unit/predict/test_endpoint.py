"""Predictions through a real OpenAI-compatible endpoint on loopback: `transformers serve` with the tiny model."""

from __future__ import annotations

import json

from predict_inputs import SNIPPET
from typer.testing import CliRunner

from pcwm.cli import app


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
    assert pred.verdict is None or pred.verdict in ("race", "no race")
    if not pred.parsed_ok:
        assert any("not a 'no race' prediction" in w for w in pred.warnings)


def test_cli_through_the_endpoint(openai_server):
    url, model = openai_server
    res = CliRunner().invoke(app, ["predict", "-", "--model", f"openai:{model}", "--max-tokens", "16", "--json"],
                             input=SNIPPET, env={"OPENAI_BASE_URL": url})
    assert res.exit_code in (0, 3), res.output
    out = json.loads(res.stdout)
    assert out["model"] == f"openai:{model}" and len(out["raw"]) == 1
    assert res.exit_code == (3 if out["n_unparseable"] == 1 else 0)


def test_cli_endpoint_down_exits_1_naming_the_model(tmp_path):
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = CliRunner().invoke(app, ["predict", "-", "--model", "openai:nobody", "--base-url-env", "PCWM_DOWN_URL"],
                             input=SNIPPET, env={"PCWM_DOWN_URL": f"http://127.0.0.1:{port}/v1"})
    assert res.exit_code == 1
    assert "model 'openai:nobody' failed" in res.output and "Connection" in res.output
