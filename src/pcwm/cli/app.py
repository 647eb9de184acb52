"""The `pcwm` command line. Each group lives in its own module of pcwm.cli; this file only wires them together.

Group modules keep their heavy imports (torch, distilabel, datasets) inside the command functions, so `pcwm --help`
stays fast.
"""

from __future__ import annotations

import os
from enum import Enum

import typer
from typer.core import TyperGroup

from pcwm.cli.dataset import dataset_app
from pcwm.cli.eval import eval_app
from pcwm.cli.generate import generate_app
from pcwm.cli.leaderboard import leaderboard_app
from pcwm.cli.predict import predict_command
from pcwm.cli.problems import problems_app
from pcwm.cli.sandbox import sandbox_app
from pcwm.cli.train import train_app
from pcwm.errors import ExitCode, PcwmError
from pcwm.extras import missing_extra_message


class LogLevel(str, Enum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(int(code))


class PcwmGroup(TyperGroup):
    """The top-level group: every command's PcwmError becomes its exit code (pcwm.errors.ExitCode) and one line on
    stderr; a missing optional dependency becomes MissingExtra (exit 5). Any other exception is a bug and keeps its
    traceback. Doing this in the group (not only in `run`) makes `CliRunner().invoke(app, ...)` see the same codes."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except PcwmError as exc:
            raise _fail(str(exc), exc.exit_code) from None
        except ModuleNotFoundError as exc:
            message = missing_extra_message(exc)
            if message is None:
                raise
            raise _fail(message, ExitCode.MISSING_EXTRA) from None


app = typer.Typer(
    cls=PcwmGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(sandbox_app, name="sandbox")
app.add_typer(problems_app, name="problems")
app.add_typer(generate_app, name="generate")
app.add_typer(dataset_app, name="dataset")
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
app.add_typer(leaderboard_app, name="leaderboard")
app.command("predict")(predict_command)


def _version(value: bool) -> None:
    if value:
        from pcwm import __version__

        typer.echo(f"pcwm {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    log_level: LogLevel = typer.Option(
        os.environ.get("PCWM_LOG_LEVEL", "WARNING").upper(), "--log-level", case_sensitive=False,
        help="Log level for pcwm and the libraries it drives (distilabel, transformers, ...); logs go to stderr.",
    ),
    log_json: bool = typer.Option(False, "--log-json", help="Structured logs: one JSON object per line on stderr."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Parallel-Code World Models: sandbox, data generation, datasets, training and evaluation.

    Every command stops cleanly on Ctrl-C or SIGTERM (exit 130) and resumes when run again; a second signal, or 20 s
    without stopping, kills its child processes (exit 128 + signal).

    \b
    Exit codes (the same for every command; errors print one `error: ...` line on stderr):
      0    success
      1    the command failed (model backend down, Hub error, no results to score, a check failed)
      2    usage: bad option, input file, recipe, suite or card
      3    the model answered, but no sample parsed into an outcome
      4    infrastructure: sandbox or toolchain produced no result (never a label)
      5    an optional dependency is missing (the message names the extra)
      130  stopped by Ctrl-C / SIGTERM; rerun to resume (128+N: killed after a second signal N)
    """
    from pcwm import stopping
    from pcwm.logs import setup_logging

    setup_logging(log_level.value, json_lines=log_json)
    ctx.with_resource(stopping.stop_guard())


def run() -> None:
    """The `pcwm` console script (errors are mapped to exit codes by PcwmGroup)."""
    app()


if __name__ == "__main__":
    run()
