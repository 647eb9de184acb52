"""The function-tool interface for agent frameworks: TOOL_SPEC is a valid OpenAI tool, call_tool speaks JSON."""

from __future__ import annotations

import json

import pytest
from predict_inputs import PYTHON

from pcwm.predict import TOOL_SPEC, call_tool
from pcwm.predict.tool import validate_arguments


def test_tool_spec_is_an_openai_function_tool():
    fn = TOOL_SPEC["function"]
    assert TOOL_SPEC["type"] == "function" and fn["name"].isidentifier() and len(fn["description"]) > 50
    params = fn["parameters"]
    assert params["type"] == "object" and set(params["required"]) <= set(params["properties"])
    assert params["properties"]["tool"]["enum"] == ["tsan", "workpct"]
    json.dumps(TOOL_SPEC)  # serialisable as a request's `tools` entry
    from openai.types.chat import ChatCompletionFunctionToolParam  # the client's own type for a tool entry

    assert set(TOOL_SPEC) <= set(ChatCompletionFunctionToolParam.__annotations__)


@pytest.mark.parametrize("args,problem", [
    ({}, "missing required argument 'code'"),
    ({"code": "x", "tool": "gdb"}, "must be one of"),
    ({"code": "x", "samples": 0}, "must be in [1, 16]"),
    ({"code": "x", "samples": True}, "must be a integer"),
    ({"code": 3}, "must be a string"),
    ({"code": "x", "model": "gpt"}, "unknown argument 'model'"),
    (["code"], "must be a JSON object"),
])
def test_arguments_are_validated_against_the_schema(args, problem):
    assert any(problem in p for p in validate_arguments(args))


def test_call_tool_returns_json_errors_not_exceptions():
    assert "not valid JSON" in json.loads(call_tool("{code:"))["error"]
    assert "C/C++" in json.loads(call_tool(json.dumps({"code": PYTHON})))["error"]
    assert "unknown argument" in json.loads(call_tool({"code": "int x;", "temperature": 2}))["error"]


def test_call_tool_with_the_oracle_as_world_model(drb):
    """The path an agent takes, end to end, with the sandbox's own verdict as the model (host's choice)."""
    code = drb("DRB001-antidep1-orig-yes.c").read_text()
    out = json.loads(call_tool(json.dumps({"code": code, "file_name": "drb001.c", "samples": 2}),
                               model="baseline:oracle"))
    assert out["verdict"] == "race" and out["confidence"] == 1.0 and out["unparseable_samples"] == 0
    assert {"type": "read/write race", "code_locations": ["drb001.c:64"], "vote_share": 1.0} in out["races"]


def test_call_tool_with_the_tiny_model(drb, one_thread):
    out = json.loads(call_tool(json.dumps({"code": drb("DRB045-doall1-orig-no.c").read_text(), "tool": "workpct"}),
                               model="tiny", cpu_threads=1, max_tokens=16))
    assert out["tool"] == "workpct" and out["samples"] == 1 and "regions" in out
    assert (out["confidence"] is None) == (out["unparseable_samples"] == 1)
