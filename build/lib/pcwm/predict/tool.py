"""`pcwm.predict` as a function tool for coding agents: an OpenAI-style description and a string-in, string-out call.

An agent framework passes `TOOL_SPEC` in a chat request's `tools` list; when the LLM calls `predict_parallel_tool`,
the framework hands the call's `arguments` (a JSON string) to `call_tool` and returns its JSON string to the LLM.
The host, not the LLM, chooses the world model (`call_tool(..., model=...)` or $PCWM_PREDICT_MODEL). Errors (bad
arguments, input that is not C/C++) come back as `{"error": ...}` rather than exceptions, so an agent loop goes on.
"""

from __future__ import annotations

import json

TOOL_NAME = "predict_parallel_tool"

TOOL_SPEC: dict = {
    "type": "function",
    "function": {
        "name": TOOL_NAME,
        "description": (
            "Predict, without compiling or running anything, what a parallel-code tool would report for OpenMP "
            "C/C++ code (partial code is fine). tool='tsan': the data races ThreadSanitizer would catch, as a list "
            "of races with their file:line locations. tool='workpct': Caliper's OpenMP work percentage of each "
            "parallel region at several thread counts. Returns JSON with the prediction, its confidence (share of "
            "samples agreeing) and per-race vote shares."
        ),
        "parameters": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "The OpenMP C or C++ source (a whole file or a snippet)."},
                "tool": {"type": "string", "enum": ["tsan", "workpct"], "description": "Which tool to predict."},
                "file_name": {
                    "type": "string",
                    "description": "File name used in race locations, e.g. 'solver.c' (default generated.c/.cpp).",
                },
                "samples": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 16,
                    "description": "Samples to draw; more give a confidence estimate (default 1).",
                },
                "compare_with": {
                    "type": "string",
                    "description": "workpct only: a second implementation of the same problem to compare with.",
                },
            },
            "required": ["code"],
            "additionalProperties": False,
        },
    },
}

_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def validate_arguments(args: object, schema: dict | None = None) -> list[str]:
    """Problems of `args` against the tool's flat JSON schema (required, types, enums, bounds, unknown keys)."""
    schema = schema or TOOL_SPEC["function"]["parameters"]
    if not isinstance(args, dict):
        return [f"arguments must be a JSON object, got {type(args).__name__}"]
    props = schema["properties"]
    problems = [f"missing required argument {k!r}" for k in schema.get("required", []) if k not in args]
    if schema.get("additionalProperties") is False:
        problems += [f"unknown argument {k!r} (allowed: {', '.join(props)})" for k in args if k not in props]
    for key, value in args.items():
        spec = props.get(key)
        if spec is None:
            continue
        want = _TYPES[spec["type"]]
        if not isinstance(value, want) or (spec["type"] == "integer" and isinstance(value, bool)):
            problems.append(f"argument {key!r} must be a {spec['type']}, got {value!r}")
            continue
        if "enum" in spec and value not in spec["enum"]:
            problems.append(f"argument {key!r} must be one of {spec['enum']}, got {value!r}")
        if ("minimum" in spec and value < spec["minimum"]) or ("maximum" in spec and value > spec["maximum"]):
            problems.append(f"argument {key!r} must be in [{spec.get('minimum')}, {spec.get('maximum')}]")
    return problems


def summary(pred) -> dict:
    """The compact JSON an agent gets back: outcome, confidence, vote shares, parse problems, cost."""
    out = {"tool": pred.tool, "model": pred.model, "file_name": pred.file_name, "samples": pred.samples,
           "confidence": pred.confidence, "unparseable_samples": pred.n_unparseable, "warnings": pred.warnings}
    if pred.tool == "tsan":
        out["verdict"] = pred.verdict
        out["races"] = [{"type": r.type, "code_locations": r.code_locations, "vote_share": round(r.share, 3)}
                        for r in pred.race_votes]
    else:
        out["regions"] = [{"line": r.line, "snippet": r.snippet, "work_pct": r.work_pct} for r in pred.regions]
    out["reasoning"] = pred.reasoning
    out["latency_s"] = round(pred.latency_s, 3)
    return out


def call_tool(arguments_json: str | dict, *, model=None, **predict_kwargs) -> str:
    """Runs `pcwm.predict` for one tool call and returns a JSON string (`{"error": ...}` on bad input)."""
    from pcwm.predict import InputError, predict

    try:
        args = json.loads(arguments_json) if isinstance(arguments_json, str) else arguments_json
    except json.JSONDecodeError as exc:
        return json.dumps({"error": f"arguments are not valid JSON: {exc}"})
    problems = validate_arguments(args)
    if problems:
        return json.dumps({"error": "; ".join(problems)})
    try:
        pred = predict(args["code"], tool=args.get("tool", "tsan"), model=model, samples=args.get("samples", 1),
                       file_name=args.get("file_name"), vs=args.get("compare_with"), **predict_kwargs)
    except (InputError, ValueError) as exc:
        return json.dumps({"error": str(exc)})
    return json.dumps(summary(pred))
