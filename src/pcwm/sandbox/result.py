"""Typed outcomes of the sandbox. A failure of the sandbox itself is `sandbox_error`, never a candidate's property."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Status(str, Enum):
    """Outcome of one program (or one run). Order of precedence when runs disagree: race > ... (see runner)."""

    OK = "ok"
    RACE = "race"
    COMPILE_ERROR = "compile_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    WRONG_OUTPUT = "wrong_output"
    SANDBOX_ERROR = "sandbox_error"
    TAMPERED = "tampered"  # the candidate forged or hid sandbox evidence: never cached, never a label

    @property
    def is_cacheable(self) -> bool:
        """True when the status is a property of the candidate (everything but a failure of the sandbox itself)."""
        return self not in INFRASTRUCTURE_STATUSES

    @property
    def is_label(self) -> bool:
        """True when TSan said something about the program: it raced, or it ran to the end (valid or not)."""
        return self in LABEL_STATUSES

    @property
    def race_label(self) -> str | None:
        """The training label of this status: "race", "no race", or None (not a label: see `is_label`)."""
        if self is Status.RACE:
            return "race"
        return "no race" if self.is_label else None


# The one definition of which statuses are labels, used by every producer of training or evaluation rows. A timeout,
# a crash or a compile error says nothing about races (the run may have stopped before the racy part), and a failure
# of the sandbox says nothing about the candidate at all.
LABEL_STATUSES = frozenset({Status.OK, Status.RACE, Status.WRONG_OUTPUT})
# Never cached, never a label: a failure of the sandbox itself, or evidence the candidate forged or hid.
INFRASTRUCTURE_STATUSES = frozenset({Status.SANDBOX_ERROR, Status.TAMPERED})


def is_label(status: str | Status | None) -> bool:
    """`Status.is_label` for a status given as text (rows, JSON); None and unknown strings are not labels."""
    try:
        return status is not None and Status(status).is_label
    except ValueError:
        return False


def race_label(status: str | Status | None) -> str | None:
    """`Status.race_label` for a status given as text; None when it is not a label."""
    return Status(status).race_label if is_label(status) else None


@dataclass
class Race:
    """One data race, deduplicated by the unordered pair of source locations in the candidate's own file."""

    type: str  # "read/write race" | "write/write race"
    locations: list[str]  # ["file:line", "file:line"], sorted; one entry when both accesses are on the same line
    variable: str | None = None
    count: int = 1

    def key(self) -> tuple[str, ...]:
        return tuple(self.locations)


@dataclass
class RunRecord:
    """One execution of a compiled program at one thread count."""

    threads: int
    status: Status
    returncode: int | None
    wall_s: float
    races: list[Race] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    valid: bool | None = None  # the harness's PCWM_CHECK verdict, None when there is no harness line
    peak_rss_mb: float | None = None
    killed_reason: str | None = None
    tsan_reports: int = 0  # raw reports before deduplication
    tsan_artifacts: int = 0  # of which Archer task-memory reuse artifacts, left out of `races` (see tsan.py)
    tampered: str | None = None  # what gave a forgery away (status tampered)
    isolation: dict = field(default_factory=dict)  # confinement measured inside this run (uid, capabilities, ...)
    tsan_log_bytes: int = 0  # bytes TSan wrote to its log (only the first 4 MiB are kept and parsed)


@dataclass
class SandboxResult:
    """Outcome of one program: compile stage, runs, merged verdict and provenance."""

    path: str
    status: Status
    stage: str  # "compile" | "run"
    races: list[Race] = field(default_factory=list)
    runs: list[RunRecord] = field(default_factory=list)
    compile_s: float = 0.0
    compile_stderr: str = ""
    valid: bool | None = None
    toolchain: str = ""
    flags: list[str] = field(default_factory=list)
    tsan_options: str = ""
    isolation: dict = field(default_factory=dict)
    cache_key: str = ""
    cached: bool = False
    error: str | None = None  # for sandbox_error: what went wrong with the sandbox

    @property
    def race_found(self) -> bool:
        return self.status is Status.RACE

    def to_dict(self) -> dict:
        d = asdict(self)
        d["status"] = self.status.value
        for r in d["runs"]:
            r["status"] = r["status"].value if isinstance(r["status"], Status) else r["status"]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> SandboxResult:
        d = dict(d)
        d["status"] = Status(d["status"])
        d["races"] = [Race(**r) for r in d.get("races", [])]
        runs = []
        for r in d.get("runs", []):
            r = dict(r)
            r["status"] = Status(r["status"])
            r["races"] = [Race(**x) for x in r.get("races", [])]
            runs.append(RunRecord(**r))
        d["runs"] = runs
        return cls(**d)

    def outcome_json(self) -> list[dict]:
        """The race list in the paper's outcome shape (type + code locations), as the world model must answer."""
        return [{"type": r.type, "code_locations": list(r.locations)} for r in self.races]
