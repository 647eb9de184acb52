"""Compiling and running programs under ThreadSanitizer, one at a time or as a pool, with a content-addressed cache.

A program is compiled once, then run at each thread count of the plan (`RunPlan.threads`, repeated `runs` times).
The verdict is "race" if any run reports one. Results are cached by a hash of everything that can change them
(sources, harness, flags, toolchain, run plan, TSan options), so a rerun of the same inputs is a file read.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from pcwm.sandbox import tsan
from pcwm.sandbox.cache import ResultCache
from pcwm.sandbox.channel import TsanChannel, verify
from pcwm.sandbox.confine import prepare_workdir, remove_tree
from pcwm.sandbox.contain import Limits, isolation_mode, run_contained
from pcwm.sandbox.includes import refused_includes, stage_includes
from pcwm.sandbox.result import Race, RunRecord, SandboxResult, Status
from pcwm.sandbox.toolchain import TSAN_FLAGS, Toolchain, ToolchainError, verify_archer

log = logging.getLogger(__name__)

SANDBOX_VERSION = "3"  # bump when result semantics change: invalidates every cache entry (3: hardened sandbox)
TSAN_EXITCODE = 66
C_SUFFIXES = (".c",)
CXX_SUFFIXES = (".cc", ".cpp", ".cxx", ".C", ".c++")
CHECK_LINE = re.compile(r"^PCWM_CHECK (PASS|FAIL)\b(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Program:
    """One candidate to run: its source under its own file name, optionally a harness that includes it.

    With a harness, the sandbox writes the candidate as `name`, the harness as `harness_name` and every extra file
    (e.g. `reference.c`) into the work dir, and compiles the harness with `-DPCWM_CANDIDATE="<name>"`.
    Races are located in the candidate's own file only.
    """

    source: str
    name: str = "generated.c"
    harness: str | None = None
    harness_name: str = "harness.c"
    extra_files: tuple[tuple[str, str], ...] = ()
    args: tuple[str, ...] = ()
    include_dirs: tuple[str, ...] = ()
    path: str | None = None  # where it came from, for reports

    @classmethod
    def from_path(cls, path: str | Path, **kw) -> Program:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ValueError(f"cannot read program {p}: {exc}") from exc
        if p.suffix not in C_SUFFIXES + CXX_SUFFIXES:
            raise ValueError(f"{p}: not a C/C++ source file (expected one of {C_SUFFIXES + CXX_SUFFIXES})")
        kw.setdefault("include_dirs", (str(p.resolve().parent),))
        return cls(source=text, name=p.name, path=str(p), **kw)

    @property
    def label(self) -> str:
        return self.path or self.name

    def identity(self) -> dict:
        d = asdict(self)
        d.pop("path")
        d["include_dirs"] = [_dir_digest(x) for x in self.include_dirs]
        return d


@dataclass(frozen=True)
class RunPlan:
    """How to run each program: thread counts, repeats, early stop, limits, TSan knobs."""

    threads: tuple[int, ...] = (4, 8, 2)
    runs: int = 1  # repeats of the whole thread list
    stop_on_race: bool = False  # verdict only: stop at the first run that reports a race
    # A run that reported a race and then hit the time limit ends the program's runs: the verdict is already race and
    # the remaining thread counts almost always hang the same way (a race-injected mutant that never terminates).
    # In the offline demo, 4 such mutants of 94 took 280 of the 382 sandbox seconds in 30 s time-outs.
    stop_after_hung_race: bool = True
    opt_level: str = "-O0"
    timeout_s: float = 30.0
    compile_timeout_s: float = 120.0
    memory_mb: int = 4096
    # TSan drops a report when it cannot restore the earlier access's stack from its per-thread history. At 4 a
    # DataRaceBench pass missed DRB202 in 2 of 6 passes; at 7 it was caught 6/6, median peak RSS unchanged (22 MB).
    history_size: int = 7
    # OMP_WAIT_POLICY for the runs; None leaves libomp's default (spin, then sleep). "passive" makes a DRB pass on
    # 2 cores ~1.4x faster but measured worse: 2 false alarms on task programs (DRB100/101) and clean-subset
    # accuracy 0.913 instead of 0.936, since Archer's view of task memory reuse depends on timing.
    omp_wait_policy: str | None = None

    def __post_init__(self):
        if not self.threads or any(t < 1 for t in self.threads):
            raise ValueError(f"thread counts must be positive integers, got {self.threads}")
        if self.runs < 1:
            raise ValueError(f"runs must be >= 1, got {self.runs}")
        if self.opt_level not in ("-O0", "-O1", "-O2", "-O3"):
            raise ValueError(f"opt_level must be -O0..-O3, got {self.opt_level}")

    @property
    def flags(self) -> list[str]:
        return [f for f in TSAN_FLAGS if not f.startswith("-O")] + [self.opt_level]

    def tsan_options(self, log_prefix: str, nonce: str = "") -> str:
        """TSan's options for one run; the nonce ends every stack frame (see channel.py)."""
        fmt = tsan.STACK_FORMAT + (f"|{nonce}" if nonce else "")
        return (
            f"halt_on_error=0 exitcode={TSAN_EXITCODE} report_signal_unsafe=0 history_size={self.history_size} "
            f"atexit_sleep_ms=0 ignore_noninstrumented_modules=1 log_path={log_prefix} "
            f"stack_trace_format='{fmt}'"
        )

    def schedule(self) -> list[int]:
        return [t for _ in range(self.runs) for t in self.threads]


def cache_key(program: Program, plan: RunPlan, toolchain: Toolchain) -> str:
    blob = json.dumps(
        {
            "v": SANDBOX_VERSION,
            "program": program.identity(),
            "plan": asdict(plan),
            "flags": plan.flags,
            "tsan": plan.tsan_options("LOG/tsan"),
            "toolchain": toolchain.fingerprint,
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def run_tsan(
    program: Program,
    plan: RunPlan = RunPlan(),
    *,
    cache: ResultCache | None = None,
    toolchain: Toolchain | None = None,
) -> SandboxResult:
    """Compiles and runs one program under TSan per `plan`; never raises for a candidate's own failure."""
    try:
        toolchain = toolchain or Toolchain.detect()
        verify_archer(toolchain)
    except ToolchainError as exc:
        return SandboxResult(path=program.label, status=Status.SANDBOX_ERROR, stage="compile", error=str(exc))
    key = cache_key(program, plan, toolchain)
    if cache is not None and (hit := cache.get(key)) is not None:
        hit.path, hit.cached = program.label, True
        return hit
    try:
        result = _run_uncached(program, plan, toolchain)
    except ToolchainError as exc:  # no acceptable confinement, or the seccomp helper cannot be built
        result = SandboxResult(path=program.label, status=Status.SANDBOX_ERROR, stage="compile", error=str(exc))
    except OSError as exc:  # the sandbox could not do its job (disk full, fork failure, ...)
        log.exception("sandbox failure on %s", program.label)
        result = SandboxResult(path=program.label, status=Status.SANDBOX_ERROR, stage="run", error=repr(exc))
    result.cache_key = key
    if cache is not None and result.status.is_cacheable:
        cache.put(key, result)
    return result


def _run_uncached(program: Program, plan: RunPlan, toolchain: Toolchain) -> SandboxResult:
    mode = isolation_mode()
    base = Path(tempfile.mkdtemp(prefix=f"pcwm-run-{os.getpid()}-", dir=os.environ.get("PCWM_WORK_DIR") or None))
    try:
        base.chmod(0o711)
        work = base / "w"
        work.mkdir()
        prepare_workdir(work, mode)
        return _compile_and_run(program, plan, toolchain, work, base)
    finally:
        remove_tree(base)


def _compile_and_run(program: Program, plan: RunPlan, toolchain: Toolchain, work: Path, base: Path) -> SandboxResult:
    flags = plan.flags
    result = SandboxResult(
        path=program.label,
        status=Status.OK,
        stage="compile",
        toolchain=toolchain.version,
        flags=flags,
        tsan_options=plan.tsan_options("<run-dir>/tsan", nonce="<nonce>"),
    )
    if bad := refused_includes(program):
        result.status, result.compile_stderr = Status.COMPILE_ERROR, bad
        return result
    main_src = write_sources(program, work)
    cmd = [*toolchain.compiler_for(main_src), *flags, main_src.name, "-o", "prog", "-lm"]
    if program.harness is not None:
        cmd.append(f'-DPCWM_CANDIDATE="{program.name}"')
    cmd += stage_includes(program.include_dirs, work)
    limits = Limits(timeout_s=plan.compile_timeout_s, memory_mb=max(plan.memory_mb, 2048))
    comp = run_contained(cmd, cwd=work, limits=limits)
    result.compile_s = comp.wall_s
    result.compile_stderr = comp.stderr[-8000:]
    result.isolation = comp.isolation
    if comp.killed_reason or comp.returncode != 0 or not (work / "prog").exists():
        result.status = Status.COMPILE_ERROR
        if comp.killed_reason:
            result.compile_stderr += f"\n[pcwm: compiler killed: {comp.killed_reason}]"
        return result
    result.stage = "run"
    for i, threads in enumerate(plan.schedule()):
        rec = _run_once(work, base / f"c{i}", program, plan, threads)
        result.runs.append(rec)
        if plan.stop_on_race and rec.status is Status.RACE:
            break
        if plan.stop_after_hung_race and rec.races and rec.killed_reason == "timeout":
            break
    if result.runs:
        result.isolation = result.runs[0].isolation or result.isolation
    _merge_runs(result)
    return result


def write_sources(program: Program, work: Path) -> Path:
    names = [program.name, *(n for n, _ in program.extra_files)]
    if program.harness is not None:
        names.append(program.harness_name)
    for n in names:
        if "/" in n or n.startswith("."):
            raise ValueError(f"file names in a Program must be plain names, got {n!r}")
    (work / program.name).write_text(program.source)
    for n, text in program.extra_files:
        (work / n).write_text(text)
    if program.harness is None:
        return work / program.name
    (work / program.harness_name).write_text(program.harness)
    return work / program.harness_name


def _run_once(work: Path, chan_dir: Path, program: Program, plan: RunPlan, threads: int) -> RunRecord:
    limits = Limits(timeout_s=plan.timeout_s, memory_mb=plan.memory_mb)
    with TsanChannel(chan_dir, isolation_mode()) as chan:
        env = {"OMP_NUM_THREADS": str(threads), "TSAN_OPTIONS": chan.env_options()}
        if plan.omp_wait_policy:
            env["OMP_WAIT_POLICY"] = plan.omp_wait_policy
        chan.start(plan.tsan_options(chan.log_prefix, nonce=chan.nonce))
        res = run_contained([str(work / "prog"), *program.args], cwd=work, env=env, limits=limits,
                            ro_paths=(str(chan_dir),), writable=False, on_start=chan.on_start, abort=chan.flood)
    log_text, forged = verify(chan.log_text(), chan.nonce, truncated=chan.truncated)
    races, n_reports, artifacts = tsan.parse_log_counted(log_text, [program.name], {program.name: program.source})
    if forged:  # what was parsed may be the forgery itself
        races = []
    rec = RunRecord(
        threads=threads,
        status=Status.OK,
        returncode=res.returncode,
        wall_s=res.wall_s,
        races=races,
        stdout=res.stdout,
        stderr=res.stderr,
        peak_rss_mb=res.peak_rss_mb,
        killed_reason=res.killed_reason,
        tsan_reports=n_reports,
        tsan_artifacts=artifacts,
        isolation=res.isolation,
        tsan_log_bytes=chan.total,
    )
    checks = CHECK_LINE.findall(res.stdout)
    rec.valid = (checks[0][0] == "PASS") if len(checks) == 1 else None
    if forged:
        rec.tampered = "a TSan report without this run's nonce (not written by TSan)"
    elif len(checks) > 1:
        rec.tampered = f"{len(checks)} PCWM_CHECK lines (the harness prints exactly one)"
    rec.status = _run_status(res, rec, log_text, work)
    return rec


def _run_status(res, rec: RunRecord, log_text: str, work: Path) -> Status:
    if rec.tampered:
        return Status.TAMPERED
    if rec.races:
        return Status.RACE  # reported by TSan (nonce checked) before any timeout or crash: a race is a race
    if ("FATAL: ThreadSanitizer" in log_text + res.stderr) and not tsan_works_here(work):
        return Status.SANDBOX_ERROR  # our own probe fails in the same confinement: TSan cannot run here
    if res.killed_reason == "timeout":
        return Status.TIMEOUT
    if res.killed_reason in ("memory", "output", "disk"):
        return Status.RUNTIME_ERROR
    if "ERROR: ThreadSanitizer" in log_text:
        return Status.RUNTIME_ERROR  # a deadly signal (SEGV, stack overflow, ...) caught and reported by TSan
    tsan_spoke = "ThreadSanitizer" in log_text  # then exit code 66 replaced the program's own
    own_failure = res.returncode != 0 and not (res.returncode == TSAN_EXITCODE and tsan_spoke)
    if rec.valid is False:
        return Status.WRONG_OUTPUT
    if own_failure:
        return Status.RUNTIME_ERROR
    return Status.OK


def tsan_works_here(work: Path) -> bool:
    """Builds and runs our own TSan+OpenMP probe in the same confinement; False when TSan itself cannot run.
    Decides infrastructure errors from the sandbox's own evidence, never from what a candidate printed."""
    from pcwm.sandbox.toolchain import _ARCHER_PROBE

    probe_dir = work.parent / "probe"
    try:
        probe_dir.mkdir(exist_ok=True)
        prepare_workdir(probe_dir, isolation_mode())
        (probe_dir / "probe.c").write_text(_ARCHER_PROBE)
        tc = Toolchain.detect()
        comp = run_contained([tc.cc, *TSAN_FLAGS, "probe.c", "-o", "probe"], cwd=probe_dir, limits=Limits(60, 2048))
        if comp.returncode != 0:
            return False
        env = {"OMP_NUM_THREADS": "2", "TSAN_OPTIONS": "ignore_noninstrumented_modules=1 atexit_sleep_ms=0"}
        run = run_contained(["./probe"], cwd=probe_dir, env=env, limits=Limits(60, 2048))
        return run.returncode == 0 and "FATAL" not in run.stderr
    finally:
        remove_tree(probe_dir)


_PRECEDENCE = [
    Status.TAMPERED, Status.RACE, Status.SANDBOX_ERROR, Status.TIMEOUT, Status.RUNTIME_ERROR, Status.WRONG_OUTPUT,
    Status.OK,
]


def _merge_runs(result: SandboxResult) -> None:
    statuses = {r.status for r in result.runs}
    result.status = next(s for s in _PRECEDENCE if s in statuses or s is Status.OK)
    result.races = tsan.merge_races(Race(**asdict(x)) for r in result.runs for x in r.races)
    verdicts = [r.valid for r in result.runs if r.valid is not None]
    result.valid = all(verdicts) if verdicts else None
    if result.status is Status.SANDBOX_ERROR:
        result.error = next((r.stderr[-2000:] for r in result.runs if r.status is Status.SANDBOX_ERROR), None)
    if result.status is Status.TAMPERED:
        result.error = next(r.tampered for r in result.runs if r.tampered)


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Path]:
    """C/C++ files named directly or found (recursively, sorted) under folders."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.suffix in C_SUFFIXES + CXX_SUFFIXES and x.is_file())
        elif p.is_file():
            yield p
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")


@functools.lru_cache(maxsize=256)
def _dir_digest(d: str) -> str:
    """Hash of the headers in an include dir, so editing a header invalidates the cache."""
    h = hashlib.sha256(d.encode())
    p = Path(d)
    if p.is_dir():
        for f in sorted(p.glob("*.h")) + sorted(p.glob("*.hpp")):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def clear_work_dirs(legacy: bool = True) -> int:
    """Removes work dirs left by killed pcwm processes (normal runs clean up after themselves); returns how many.
    Dirs named after a live owner (`pcwm-run-<pid>-...`) are kept; `legacy` also removes old-style unnamed ones."""
    base = Path(os.environ.get("PCWM_WORK_DIR") or tempfile.gettempdir())
    removed = 0
    for d in [*base.glob("pcwm-run-*"), *base.glob("pcwm-prof-*")]:
        owner = d.name.split("-")[2]
        if (owner.isdigit() and _pid_alive(int(owner))) or (not owner.isdigit() and not legacy):
            continue
        remove_tree(d)
        removed += 1
    return removed


def _pid_alive(pid: int) -> bool:
    """True for a running process; a zombie (killed, not yet reaped by its parent or subreaper) is dead."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


