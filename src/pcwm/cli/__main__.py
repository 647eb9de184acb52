"""`python -m pcwm.cli ...`: the same as the `pcwm` console script."""

from pcwm.cli.app import run

run()
