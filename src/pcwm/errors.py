"""pcwm's errors and the one table of exit codes every command uses.

Every error pcwm raises on purpose derives from `PcwmError` and carries the exit code the CLI turns it into, so a
command never has to choose a number: `raise SuiteError("...")` ends `pcwm eval run` with code 2 and the message on
stderr. An exception that is not a `PcwmError` is a bug and keeps its traceback.

| Code | Meaning |
| --- | --- |
| 0 | success |
| 1 | the command failed (a model backend down, a Hub error, no results to score, a failed check) |
| 2 | usage: bad option, input file, recipe, suite or card (the message names the file and key) |
| 3 | the model answered, but no sample could be parsed into an outcome |
| 4 | infrastructure: the sandbox or toolchain could not produce a result (never a label) |
| 5 | an optional dependency is missing (the message names the extra to install) |
| 130 | stopped by the first Ctrl-C / SIGTERM, cleanly; rerun the command to resume |
| 128+N | killed after a second signal N or the stop deadline (children were killed too) |
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    UNPARSEABLE = 3
    INFRASTRUCTURE = 4
    MISSING_EXTRA = 5
    STOPPED = 130


class PcwmError(Exception):
    """Base of pcwm's deliberate errors: the message is for the user, `exit_code` for the shell."""

    exit_code: ExitCode = ExitCode.FAILED


class UsageError(PcwmError, ValueError):
    """Bad input from the user: an option, a file, a YAML document. The message names what and where."""

    exit_code = ExitCode.USAGE


class InfrastructureError(PcwmError, RuntimeError):
    """The machinery failed (sandbox, toolchain, cluster node): no result, and never a label."""

    exit_code = ExitCode.INFRASTRUCTURE


class UnparseableAnswer(PcwmError, ValueError):
    """A model's answer could not be read as an outcome."""

    exit_code = ExitCode.UNPARSEABLE


class MissingExtra(PcwmError, ImportError):
    """An optional dependency is not installed; the message says which extra provides it."""

    exit_code = ExitCode.MISSING_EXTRA


class Stopped(PcwmError):
    """The command was stopped on request (Ctrl-C / SIGTERM): no result, never a label; rerunning resumes."""

    exit_code = ExitCode.STOPPED
