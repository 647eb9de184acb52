"""The `pcwm` command line. Each group lives in its own module; this file only wires them together.

Group modules keep their heavy imports (torch, distilabel, datasets) inside the command functions, so `pcwm --help`
stays fast.
"""

from __future__ import annotations

import os

import typer

from pcwm.cli_sandbox import sandbox_app
from pcwm.data.cli import dataset_app
from pcwm.evals.cli import eval_app
from pcwm.leaderboard import leaderboard_app
from pcwm.pipelines.cli import generate_app
from pcwm.predict_cli import predict_command
from pcwm.problems.cli import problems_app
from pcwm.train.cli import train_app

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


@app.callback()
def main(
    log_level: str = typer.Option(
        os.environ.get("PCWM_LOG_LEVEL", "WARNING"), "--log-level", help="Python log level (DEBUG, INFO, WARNING)."
    ),
    log_json: bool = typer.Option(False, "--log-json", help="Structured logs: one JSON object per line on stderr."),
) -> None:
    """Parallel-Code World Models toolkit."""
    from pcwm.logs import setup_logging

    setup_logging(log_level, json_lines=log_json)


if __name__ == "__main__":
    app()
