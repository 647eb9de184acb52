"""`pcwm predict`: ask a world model what ThreadSanitizer or Caliper would report, optionally next to the real tool.

Exit codes (pcwm.errors.ExitCode): 0 prediction printed; 1 the model backend failed (endpoint down); 2 bad input
(not C/C++, unreadable file, bad option); 3 no sample gave a parseable answer; 4 --compare could not get the truth
(sandbox_error); 5 the model needs an extra that is not installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from pcwm.cli.options import Tool, parse_threads
from pcwm.errors import ExitCode, PcwmError, UsageError
from pcwm.extras import missing_extra_message


def predict_command(
    file: str = typer.Argument(..., help="C/C++ OpenMP source file (a snippet is fine), or - for stdin."),
    tool: Tool = typer.Option(Tool.tsan, "--tool", "-t", help="tsan (data races) or workpct (Caliper work %)."),
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
    3 no sample gave a parseable answer; 4 --compare hit a sandbox error; 5 a missing extra.
    """
    from rich.console import Console

    from pcwm.predict import InputError, predict

    tool = tool.value
    if vs is not None and tool != "workpct":
        raise UsageError("--vs is only used with --tool workpct")
    code, file_name = _read_input(file, name)
    other = _read_input(str(vs), None)[0] if vs is not None else None
    counts = parse_threads(threads)
    try:
        pred = predict(code, tool=tool, model=model, samples=samples, temperature=temperature, max_tokens=max_tokens,
                       file_name=file_name, vs=other, threads=counts, strip_comments=strip_comments,
                       cpu_threads=cpu_threads, base_url_env=base_url_env, api_key_env=api_key_env)
    except InputError as exc:
        raise UsageError(f"{'stdin' if file == '-' else file}: {exc}") from None
    except PcwmError:
        raise  # carries its own exit code
    except ValueError as exc:  # a bad option or model spec
        raise UsageError(str(exc)) from None
    except ModuleNotFoundError as exc:
        if missing_extra_message(exc) is not None:
            raise  # exit 5, naming the extra to install
        raise PcwmError(f"model {model!r} failed: {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # backend failures: endpoint unreachable, model not found
        raise PcwmError(f"model {model!r} failed: {type(exc).__name__}: {exc}") from None
    comparison = _compare(pred, code, other, counts, repeats) if compare else None
    if as_json:
        out = pred.to_dict(reasoning=not hide_reasoning)
        typer.echo(json.dumps(out if comparison is None else {"prediction": out, **comparison}, default=str))
    else:
        from pcwm.predict.render import render

        render(Console(), pred, code, comparison, show_reasoning=not hide_reasoning)
    if comparison is not None and comparison["truth"]["status"] == "sandbox_error":
        raise typer.Exit(ExitCode.INFRASTRUCTURE)
    if not pred.parsed_ok:
        raise typer.Exit(ExitCode.UNPARSEABLE)


def _compare(pred, code: str, other: str | None, counts: tuple[int, ...], repeats: int) -> dict:
    from pcwm.predict.compare import compare

    if sys.stderr.isatty():
        typer.echo("running the real tool in the sandbox ...", err=True)
    return compare(pred, code, other, threads=counts, repeats=repeats)


def _read_input(file: str, name: str | None) -> tuple[str, str | None]:
    if file == "-":
        data = sys.stdin.buffer.read()
        file_name = name
    else:
        path = Path(file)
        if not path.is_file():
            raise UsageError(f"{file}: no such file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"{file}: cannot read: {exc}") from None
        file_name = name or path.name
    try:
        return data.decode("utf-8"), file_name
    except UnicodeDecodeError:
        raise UsageError(f"{file}: not UTF-8 text (binary?); pcwm predicts for C/C++ OpenMP source") from None


