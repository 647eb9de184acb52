"""OpenMP work percentage per parallel region at several thread counts: the Caliper outcome of the paper.

`profile_program(...)` compiles a program (with `-fopenmp -g -O1`, no sanitizer), runs it `repeats` times at each
thread count under a backend, and returns a `WorkPctOutcome`; `render_text` prints it in the paper's format
("For code snippet: ... Caliper measures: - For 4 threads, a work percentage of 96").

Backends:
- "ompt": our OMPT tool (`sandbox/ompt/pcwm_workpct.c`), Caliper's definition keyed by parallel construct;
- "caliper": real Caliper (see `caliper.py`), keyed by CALI_MARK annotations; a program without any is annotated
  automatically around each outermost parallel construct (`caliper.auto_annotate`);
- "auto": Caliper when one is configured, else ompt.

Work % (Caliper's definition) = 100 x sum over threads of wall time inside worksharing constructs / sum over threads
of wall time inside worksharing constructs or sync regions (barriers incl. implicit, taskwait, taskgroup,
reduction). It is wall-clock, so it depends on the host: every measurement whose thread count exceeds the cores
available to this process is flagged `oversubscribed`, and values at such counts describe the host's scheduler as
much as the code.

Host-independent estimate (`estimate`, ompt backend only): per region invocation, each thread's CPU time inside
worksharing constructs is replayed as if every thread had its own core: wall = max over threads of work CPU,
each thread's sync = wall - own work, estimate = sum work / (sum work + sum sync) = sum work / (n x max).
Its limits: it ignores the cost of barriers, fork/join and the runtime itself (a perfectly balanced region scores
~100 however tiny it is); waiting for a lock or critical section inside a loop counts as work only while the
waiter spins on the CPU, so contended locks give host-dependent values; explicit tasks executed inside a barrier
count as nothing; imbalance is measured per invocation, not per barrier phase, so two worksharing loops with
opposite imbalance inside one region cancel out; for very short constructs the cost of reading the CPU clock
(~0.65 us per read here, a system call) is part of the work. CPU time in sync regions is not read unless
PCWM_WORKPCT_SYNC_CPU=1 is set (`sync_cpu_s` is then a number, else None): it is informational only, and the two
reads per barrier would double the tool's cost per tiny region (~4 us per invocation at 4 threads on 2 cores here,
Caliper ~8 us).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

from pcwm.sandbox import caliper as cali
from pcwm.sandbox.cache import ProfileCache
from pcwm.sandbox.candidate import program_for
from pcwm.sandbox.confine import prepare_workdir, remove_tree
from pcwm.sandbox.contain import Limits, isolation_mode, run_contained
from pcwm.sandbox.includes import refused_includes, stage_includes
from pcwm.sandbox.result import Status
from pcwm.sandbox.runner import CHECK_LINE, Program, write_sources
from pcwm.sandbox.toolchain import Toolchain, ToolchainError
from pcwm.sandbox.workpct_ompt import (
    TOOL_ENV_OUT,
    RegionRun,
    build_tool,
    parse_tool_json,
    region_snippet,
    symbolize,
    tool_digest,
)
from pcwm.sandbox.workpct_outcome import (
    HostInfo,
    OutcomePair,
    PctStats,
    RegionOutcome,
    WorkPctOutcome,
    conditions,
    make_pairs,
    render_text,
)

__all__ = [
    "DEFAULT_THREADS",
    "PROFILE_FLAGS",
    "HostInfo",
    "OutcomePair",
    "PctStats",
    "RegionOutcome",
    "WorkPctOutcome",
    "conditions",
    "make_pairs",
    "profile_cached",
    "profile_program",
    "render_text",
]

PROFILE_FLAGS = ("-fopenmp", "-g", "-O1")  # no sanitizer; -O1 keeps line tables close to the source
DEFAULT_THREADS = (4, 16, 64, 128)
MAX_PROFILE_BYTES = 16 * 1024 * 1024  # a profile file written inside the sandbox is read only below this size


# ---------------------------------------------------------------- running


def _run(argv: list[str], cwd: Path, env: dict[str, str], timeout_s: float, ro_paths: tuple[str, ...] = ()):
    """The one place that executes a command (contained: own session, limits, everything killed afterwards)."""
    limits = Limits(timeout_s=timeout_s, memory_mb=4096, max_pids=1024)
    return run_contained(argv, cwd=cwd, env=env, limits=limits, ro_paths=ro_paths)


def resolve_backend(backend: str) -> str:
    if backend not in ("ompt", "caliper", "auto"):
        raise ValueError(f"backend must be ompt, caliper or auto, got {backend!r}")
    if backend == "auto":
        return "caliper" if cali.find_caliper() else "ompt"
    return backend


def as_program(path_or_source: str | Path | Program, harness: str | Path | None = None, lang: str = "c") -> Program:
    """A runner `Program` from a path, source text or Program; `harness` is a seed folder (harness.c, reference.c)."""
    if isinstance(path_or_source, Program):
        return path_or_source
    is_path = isinstance(path_or_source, Path) or ("\n" not in path_or_source and Path(path_or_source).is_file())
    if harness is None:
        if is_path:
            return Program.from_path(path_or_source)
        return program_for(str(path_or_source), lang)
    seed = Path(harness)
    h = next((p for p in (seed / "harness.c", seed / "harness.cpp") if p.exists()), None)
    if h is None:
        raise ValueError(f"{seed}: no harness.c or harness.cpp")
    source = Path(path_or_source).read_text() if is_path else str(path_or_source)
    refs = tuple((p.name, p.read_text()) for p in sorted(seed.glob("reference.*")))
    return program_for(source, "cpp" if h.suffix == ".cpp" else "c", harness=h.read_text(), harness_name=h.name,
                       extra_files=refs, include_dirs=(str(seed.resolve()),),
                       path=str(path_or_source) if is_path else None)


def profile_program(
    path_or_source: str | Path | Program,
    *,
    harness: str | Path | None = None,
    threads: tuple[int, ...] = DEFAULT_THREADS,
    repeats: int = 3,
    backend: str = "ompt",
    timeout_s: float = 120.0,
    lang: str = "c",
    toolchain: Toolchain | None = None,
    flags: tuple[str, ...] = PROFILE_FLAGS,
    cache: ProfileCache | None = None,
) -> WorkPctOutcome:
    """Measures work % per parallel region at each thread count, `repeats` times; never raises for the program.

    With `cache`, a profile of the same program and settings measured on this host before is read back instead
    (`profile_cached` also says whether it was); a custom `toolchain` or `flags` is never cached."""
    return profile_cached(path_or_source, harness=harness, threads=threads, repeats=repeats, backend=backend,
                          timeout_s=timeout_s, lang=lang, toolchain=toolchain, flags=flags, cache=cache)[0]


def profile_cached(path_or_source: str | Path | Program, *, cache: ProfileCache | None, harness=None,
                   threads: tuple[int, ...] = DEFAULT_THREADS, repeats: int = 3, backend: str = "ompt",
                   timeout_s: float = 120.0, lang: str = "c", toolchain: Toolchain | None = None,
                   flags: tuple[str, ...] = PROFILE_FLAGS) -> tuple[WorkPctOutcome, bool]:
    """(profile, read from the cache?): `profile_program` through `cache` (None: always measured)."""
    program = as_program(path_or_source, harness, lang)
    use = cache is not None and toolchain is None and tuple(flags) == PROFILE_FLAGS
    key = cache.key(program, threads, repeats, backend, timeout_s) if use else None
    if key is not None and (hit := cache.get(key)) is not None:
        return hit, True
    out = _measure(program, threads, repeats, backend, timeout_s, toolchain, flags)
    if key is not None:
        cache.put(key, out)  # sandbox errors are not stored
    return out, False


def _measure(program: Program, threads, repeats: int, backend: str, timeout_s: float, toolchain: Toolchain | None,
             flags: tuple[str, ...]) -> WorkPctOutcome:
    backend = resolve_backend(backend)
    out = WorkPctOutcome(
        program=program.label,
        backend=backend,
        status=Status.OK.value,
        threads=list(threads),
        repeats=repeats,
        host=HostInfo.probe(),
        flags=list(flags),
    )
    install = cali.find_caliper() if backend == "caliper" else None
    try:
        toolchain = toolchain or Toolchain.detect()
        out.toolchain = toolchain.version
        if backend == "caliper" and install is None:
            raise ToolchainError(
                "backend caliper: no Caliper found: run sandbox/install-caliper.sh, or set PCWM_CALIPER_PREFIX"
            )
        tool = build_tool(toolchain.cc, toolchain.version) if backend == "ompt" else None
        out.tool = install.version if install else f"pcwm_workpct {tool_digest()}"
    except (ToolchainError, RuntimeError) as exc:
        out.status, out.error = Status.SANDBOX_ERROR.value, str(exc)
        return out
    base = Path(tempfile.mkdtemp(prefix=f"pcwm-prof-{os.getpid()}-", dir=os.environ.get("PCWM_WORK_DIR") or None))
    try:
        base.chmod(0o711)
        work = base / "w"
        work.mkdir()
        prepare_workdir(work, isolation_mode())
        _profile_in(work, program, out, toolchain, tool, install, timeout_s)
    except ToolchainError as exc:  # no acceptable confinement (see confine.py)
        out.status, out.error = Status.SANDBOX_ERROR.value, str(exc)
    except OSError as exc:
        out.status, out.error = Status.SANDBOX_ERROR.value, repr(exc)
    finally:
        remove_tree(base)
    return out


@dataclasses.dataclass
class Build:
    """A program compiled for one backend in a work dir: `work/prog`, the region spans Caliper will report, and the
    host folders the sandbox must show read-only (the Caliper prefix; include dirs are staged into the work dir)."""

    work: Path
    spans: dict[str, tuple[int, int]]
    visible: tuple[str, ...]
    result: object  # the compiler's ContainedResult


def compile_for(work: Path, program: Program, toolchain: Toolchain, install, flags, timeout_s: float) -> Build:
    """Compiles `program` into work/prog for the ompt backend (install None) or for Caliper (install given)."""
    spans, built = cali.annotation_spans(program.source), program
    if install is not None and not spans:  # Caliper sees annotated regions only: mark every parallel construct
        annotated, spans = cali.auto_annotate(program.source, program.name)
        built = dataclasses.replace(program, source=annotated)
    main_src = write_sources(built, work)
    cmd = [*toolchain.compiler_for(main_src), *flags, main_src.name, "-o", "prog", "-lm"]
    if program.harness is not None:
        cmd.append(f'-DPCWM_CANDIDATE="{program.name}"')
    cmd += stage_includes(program.include_dirs, work)  # headers copied in: the dirs themselves stay hidden
    cmd += install.compile_flags() if install else []
    visible = (str(install.prefix),) if install else ()  # the Caliper prefix, read-only
    comp = _run(cmd, work, {}, max(timeout_s, 120.0), ro_paths=visible)
    return Build(work, spans, visible, comp)


def backend_env(threads: int, res_file: Path, work: Path, install) -> dict[str, str]:
    """The run environment of one measurement: Caliper's config, or our tool (a copy in work/, see _profile_in)."""
    if install is not None:
        return install.run_env(threads, str(res_file))
    env = {
        "OMP_NUM_THREADS": str(threads),
        "OMP_TOOL_LIBRARIES": str(work / "libpcwm_workpct.so"),
        TOOL_ENV_OUT: str(res_file),
    }
    if os.environ.get("PCWM_WORKPCT_SYNC_CPU") == "1":
        env["PCWM_WORKPCT_SYNC_CPU"] = "1"
    return env


def run_measured(build: Build, args, env: dict[str, str], timeout_s: float):
    """Runs work/prog once, contained, with the Caliper prefix visible."""
    return _run(["./prog", *args], build.work, env, timeout_s, ro_paths=build.visible)


def _profile_in(work, program, out, toolchain, tool, install, timeout_s) -> None:
    if bad := refused_includes(program):  # before anything is written or compiled
        out.status, out.compile_stderr = Status.COMPILE_ERROR.value, bad
        return
    build = compile_for(work, program, toolchain, install, out.flags, timeout_s)
    comp = build.result
    out.compile_stderr = comp.stderr[-8000:]
    if comp.killed_reason or comp.returncode != 0 or not (work / "prog").exists():
        out.status = Status.COMPILE_ERROR.value
        return
    if tool is not None:  # a private copy: the tool must be visible inside the sandbox's own /tmp
        shutil.copy(tool, work / "libpcwm_workpct.so")
        (work / "libpcwm_workpct.so").chmod(0o755)  # readable by the sandbox uid (unshare/none modes run as 65534)
    raw: dict[int, list[tuple[list[RegionRun], RegionRun | None] | None]] = {t: [] for t in out.threads}
    verdicts = []
    for rep in range(out.repeats):
        for t in out.threads:
            res_file = work / f"workpct-{t}-{rep}.json"
            res = run_measured(build, program.args, backend_env(t, res_file, work, install), timeout_s)
            checks = CHECK_LINE.findall(res.stdout)
            if checks:  # exactly one check line counts; more means something else printed one
                verdicts.append(len(checks) == 1 and checks[0][0] == "PASS")
            raw[t].append(_collect(res, res_file, install is not None, out, t))
    out.valid = all(verdicts) if verdicts else None
    if out.valid is False and out.status == Status.OK.value:
        out.status = Status.WRONG_OUTPUT.value
    _assemble(out, raw, work, program, build.spans)


def _collect(res, res_file: Path, caliper_backend: bool, out: WorkPctOutcome, t: int):
    """One run's measurements, or None (the failure is recorded on `out`)."""
    if res.killed_reason or res.returncode != 0:
        status = Status.TIMEOUT if res.killed_reason == "timeout" else Status.RUNTIME_ERROR
        out.failures.append(f"T={t}: {res.killed_reason or f'exit {res.returncode}'}: {res.stderr[-300:]}")
        if out.status == Status.OK.value:
            out.status = status.value
        return None
    if not res_file.exists():
        out.failures.append(f"T={t}: no profile written")
        out.status, out.error = Status.SANDBOX_ERROR.value, "the profiler wrote no output (tool not loaded?)"
        return None
    if res_file.stat().st_size > MAX_PROFILE_BYTES:
        out.failures.append(f"T={t}: profile of {res_file.stat().st_size} bytes exceeds {MAX_PROFILE_BYTES}")
        out.status = Status.RUNTIME_ERROR.value
        return None
    if caliper_backend:
        rows = cali.parse_profile_json(res_file.read_text())
        return cali.region_runs(rows), None
    return parse_tool_json(res_file.read_text())


def _assemble(out: WorkPctOutcome, raw: dict, work: Path, program: Program, spans: dict) -> None:
    cores = out.host.available_cores
    keys: list[str] = []
    for runs in raw.values():
        for run in runs:
            for r in run[0] if run else []:
                if r.key not in keys and r.key != "serial":
                    keys.append(r.key)
    where = symbolize(_symbolizer(), work / "prog", keys) if out.backend == "ompt" else {}
    for key in keys:
        runs = {
            t: [next((r for r in run[0] if r.key == key), None) if run else None for run in v] for t, v in raw.items()
        }
        region = RegionOutcome(
            key=key, snippet="", runs=runs, by_threads={t: PctStats.of(t, v, cores) for t, v in runs.items()}
        )
        if out.backend == "ompt":
            _locate(region, where.get(key), program)
        elif key in spans:
            region.file, (region.line_start, region.line_end) = program.label, spans[key]
            found = region_snippet(program.source, region.line_start)  # an auto-annotated parallel construct
            if found and found[1:] == spans[key]:
                region.snippet = found[0]
            else:
                lines = program.source.splitlines()[region.line_start - 1 : region.line_end]
                region.snippet = "\n".join(lines)
        out.regions.append(region)
    out.regions.sort(key=lambda r: (r.line_start or 0, r.key))
    totals = {t: [run[1] if run else None for run in v] for t, v in raw.items()}
    if out.backend == "caliper":  # Caliper's whole program = the sum over its annotated paths
        totals = {t: [_sum_runs([x for x in run[0]]) if run else None for run in v] for t, v in raw.items()}
    out.total = RegionOutcome(
        key="total",
        snippet="",
        file=program.label,
        runs=totals,
        by_threads={t: PctStats.of(t, v, cores) for t, v in totals.items()},
    )
    if out.backend == "ompt":
        out.annotations = _by_annotation(out, spans)


def _symbolizer() -> str:
    try:
        return Toolchain.detect().symbolizer or "llvm-symbolizer-16"
    except ToolchainError:
        return "llvm-symbolizer-16"


def _locate(region: RegionOutcome, loc: tuple[str, int] | None, program: Program) -> None:
    if loc is None:
        return
    file, line = loc
    name = Path(file).name
    text = program.source if name == program.name else None
    if text is None and program.harness is not None and name == program.harness_name:
        text = program.harness
    if text is None:
        text = next((t for n, t in program.extra_files if n == name), None)
    region.file = program.label if name == program.name else name
    region.line_start = region.line_end = line
    found = region_snippet(text, line) if text is not None else None
    if found:
        region.snippet, region.line_start, region.line_end = found


def _sum_runs(runs: list[RegionRun], key: str = "total") -> RegionRun:
    work = sum(r.work_s for r in runs)
    busy = sum(r.denominator_s for r in runs)
    return RegionRun(
        key=key,
        work_s=work,
        sync_s=sum(r.sync_s for r in runs),
        work_pct=100.0 * work / busy if busy else None,
        busy_s=busy,
        invocations=sum(r.invocations for r in runs),
    )


def _by_annotation(out: WorkPctOutcome, spans: dict[str, tuple[int, int]]) -> list[RegionOutcome]:
    """Our regions summed per CALI/REGION mark, comparable with Caliper's paths (construct line inside the span)."""
    result = []
    for name, (lo, hi) in spans.items():
        inside = [r for r in out.regions if r.line_start is not None and lo <= r.line_start <= hi]
        if not inside:
            continue
        runs = {}
        for t in out.threads:
            runs[t] = []
            for rep in range(out.repeats):
                parts = [r.runs[t][rep] for r in inside if rep < len(r.runs[t]) and r.runs[t][rep] is not None]
                runs[t].append(_sum_runs(parts, name) if parts else None)
        result.append(
            RegionOutcome(
                key=name,
                snippet="",
                file=out.program,
                line_start=lo,
                line_end=hi,
                runs=runs,
                by_threads={t: PctStats.of(t, v, out.host.available_cores) for t, v in runs.items()},
            )
        )
    return result
