"""The `pcwm` command line: one module per command group (sandbox, problems, generate, dataset, train, eval,
leaderboard, predict); `pcwm.cli.app` wires them together. Command modules never import each other: shared option
parsers live in `pcwm.cli.options`."""

from pcwm.cli.app import app, run

__all__ = ["app", "run"]
