"""The `pcwm` command line. Each group lives in its own module of pcwm.cli; this file only wires them together.

Group modules keep their heavy imports (torch, distilabel, datasets) inside the command functions, so `pcwm --help`
stays fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum

import typer

from pcwm.cli.dataset import dataset_app
from pcwm.cli.eval import eval_app
from pcwm.cli.generate import generate_app
from pcwm.cli.leaderboard import leaderboard_app
from pcwm.cli.predict import predict_command
from pcwm.cli.problems import problems_app
from pcwm.cli.sandbox import sandbox_app
from pcwm.cli.train import train_app
from pcwm.errors import PcwmError


class LogLevel(str, Enum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


app = typer.Typer(
    help="Parallel-Code World Models: sandbox, data generation, datasets, training and evaluation.",
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
    """Parallel-Code World Models toolkit.

    Every command stops cleanly on Ctrl-C or SIGTERM (exit 130) and resumes when run again; a second signal, or 20 s
    without stopping, kills its child processes (exit 128 + signal). Exit codes: 0 ok, 1 failure, 2 usage error or
    missing optional dependency, 130 stopped.
    """
    from pcwm import stopping
    from pcwm.logs import setup_logging

    setup_logging(log_level.value, json_lines=log_json)
    ctx.with_resource(stopping.stop_guard())


def run() -> None:
    """The `pcwm` console script: the app, with a missing optional dependency reported in one line (exit 2)."""
    try:
        app()
    except ModuleNotFoundError as exc:
        from pcwm.extras import missing_extra_message

        message = missing_extra_message(exc)
        if message is None:
            raise
        sys.stderr.write(f"pcwm: {message}\n")
        raise SystemExit(2) from None
    except PcwmError as exc:  # deliberate errors: one line and the exit code of pcwm.errors' table
        sys.stderr.write(f"pcwm: {exc}\n")
        raise SystemExit(int(exc.exit_code)) from None


if __name__ == "__main__":
    run()
