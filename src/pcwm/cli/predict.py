"""`pcwm predict`: ask a world model what ThreadSanitizer or Caliper would report, optionally next to the real tool.

Exit codes: 0 prediction printed; 1 the model backend failed (endpoint down, missing package); 2 bad input (not
C/C++, unreadable file, bad option); 3 no sample gave a parseable answer; 4 --compare could not get the truth
(sandbox_error).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

EXIT_BACKEND, EXIT_INPUT, EXIT_UNPARSEABLE, EXIT_SANDBOX = 1, 2, 3, 4


def predict_command(
    file: str = typer.Argument(..., help="C/C++ OpenMP source file (a snippet is fine), or - for stdin."),
    tool: str = typer.Option("tsan", "--tool", "-t", help="tsan (data races) or workpct (Caliper work %)."),
    model: str = typer.Option(
        "tiny", "--model", "-m", envvar="PCWM_PREDICT_MODEL",
        help="Model spec: tiny (local CPU test model) | hf:PATH_OR_HUB_ID@REV "
             "(e.g. hf:pcwm/qwen2.5-7b-instruct-tsan@v1, or a checkpoint folder) | "
             "openai:MODEL (OpenAI-compatible endpoint at $OPENAI_BASE_URL) | vllm:HUB_ID@REV (GPU) | "
             "static (program analysis, no model; --tool tsan only).",
    ),
    samples: int = typer.Option(1, "--samples", "-n", min=1, help="Samples; > 1 gives agreement as confidence."),
    temperature: float = typer.Option(0.6, "--temperature", min=0.0, max=2.0, help="Sampling temperature."),
    max_tokens: int = typer.Option(None, "--max-tokens", min=1,
                                   help="Token budget per sample (default 8192; tiny: 96)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    hide_reasoning: bool = typer.Option(False, "--hide-reasoning", help="Do not print the chain of thought."),
    compare: bool = typer.Option(False, "--compare", help="Also run the real tool in the sandbox, side by side."),
    name: str = typer.Option(None, "--name", help="File name to report locations under, e.g. for stdin (default: "
                             "FILE's name; the model always sees generated.c or generated.cpp, as in training)."),
    vs: Path = typer.Option(None, "--vs",
                            help="workpct: a second implementation to compare with (default: the file itself)."),
    threads: str = typer.Option("4,16,64,128", "--threads", help="workpct: thread counts to predict (and profile)."),
    strip_comments: bool = typer.Option(False, "--strip-comments", help="Blank comments first (line numbers kept)."),
    cpu_threads: int = typer.Option(0, "--cpu-threads", min=0, help="torch threads for local models (0 = default)."),
    base_url_env: str = typer.Option("OPENAI_BASE_URL", "--base-url-env", help="Env var with the endpoint URL."),
    api_key_env: str = typer.Option("OPENAI_API_KEY", "--api-key-env", help="Env var with the endpoint's key."),
    repeats: int = typer.Option(3, "--repeats", min=1, help="--compare with workpct: profiler repeats."),
) -> None:
    """Predict what ThreadSanitizer (races with file:line) or Caliper (work % per parallel region and thread count)
    would report for FILE, without compiling or running it. With --compare, run the real tool and show both.

    Exit codes: 0 prediction printed; 1 the model backend failed; 2 the input is not C/C++ (or a bad option);
    3 no sample gave a parseable answer; 4 --compare hit a sandbox error.
    """
    from rich.console import Console

    from pcwm.predict import InputError, predict

    if tool not in ("tsan", "workpct"):
        _fail(f"--tool must be tsan or workpct, got {tool!r}", EXIT_INPUT)
    if vs is not None and tool != "workpct":
        _fail("--vs is only used with --tool workpct", EXIT_INPUT)
    code, file_name = _read_input(file, name)
    other = _read_input(str(vs), None)[0] if vs is not None else None
    counts = _parse_threads(threads)
    try:
        pred = predict(code, tool=tool, model=model, samples=samples, temperature=temperature, max_tokens=max_tokens,
                       file_name=file_name, vs=other, threads=counts, strip_comments=strip_comments,
                       cpu_threads=cpu_threads, base_url_env=base_url_env, api_key_env=api_key_env)
    except InputError as exc:
        _fail(f"{'stdin' if file == '-' else file}: {exc}", EXIT_INPUT)
    except ValueError as exc:
        _fail(str(exc), EXIT_INPUT)
    except Exception as exc:  # backend failures: missing package, endpoint unreachable, model not found
        _fail(f"model {model!r} failed: {type(exc).__name__}: {exc}", EXIT_BACKEND)
    comparison = _compare(pred, code, other, counts, repeats) if compare else None
    if as_json:
        out = pred.to_dict(reasoning=not hide_reasoning)
        typer.echo(json.dumps(out if comparison is None else {"prediction": out, **comparison}, default=str))
    else:
        from pcwm.predict.render import render

        render(Console(), pred, code, comparison, show_reasoning=not hide_reasoning)
    if comparison is not None and comparison["truth"]["status"] == "sandbox_error":
        raise typer.Exit(EXIT_SANDBOX)
    if not pred.parsed_ok:
        raise typer.Exit(EXIT_UNPARSEABLE)


def _compare(pred, code: str, other: str | None, counts: tuple[int, ...], repeats: int) -> dict:
    from pcwm.predict import compare as cmp

    progress = sys.stderr.isatty()
    if progress:
        typer.echo("running the real tool in the sandbox ...", err=True)
    if pred.tool == "tsan":
        return cmp.compare_tsan(pred, cmp.tsan_truth(code, pred))
    out_a = cmp.workpct_truth(code, cmp.sandbox_name(pred), threads=counts, repeats=repeats)
    result = cmp.compare_workpct(pred.regions, out_a, list(counts))
    if other is not None:
        vs_name = "vs_" + pred.shown_name
        out_b = cmp.workpct_truth(other, vs_name, threads=counts, repeats=repeats)
        result["vs"] = cmp.compare_workpct(pred.regions_vs, out_b, list(counts))
        result["rank_agreement"] = cmp.rank_agreement(pred.regions, pred.regions_vs, out_a, out_b, list(counts))
        if out_b.status == "sandbox_error":
            result["truth"]["status"] = "sandbox_error"
    return result


def _read_input(file: str, name: str | None) -> tuple[str, str | None]:
    if file == "-":
        data = sys.stdin.buffer.read()
        file_name = name
    else:
        path = Path(file)
        if not path.is_file():
            _fail(f"{file}: no such file", EXIT_INPUT)
        try:
            data = path.read_bytes()
        except OSError as exc:
            _fail(f"{file}: cannot read: {exc}", EXIT_INPUT)
        file_name = name or path.name
    try:
        return data.decode("utf-8"), file_name
    except UnicodeDecodeError:
        _fail(f"{file}: not UTF-8 text (binary?); pcwm predicts for C/C++ OpenMP source", EXIT_INPUT)
    raise AssertionError("unreachable")


def _parse_threads(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        counts = ()
    if not counts or min(counts) < 1:
        _fail(f"--threads: expected positive integers like 4,16,64,128, got {text!r}", EXIT_INPUT)
    return counts


def _fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)
