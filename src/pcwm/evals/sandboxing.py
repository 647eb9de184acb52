"""Running suite programs under TSan with the suite's settings (oracle answers, oracle feedback, fix checks)."""

from __future__ import annotations

from pathlib import Path

from pcwm.sandbox import Program, RunPlan, SandboxResult, run_many
from pcwm.sandbox.cache import ResultCache
from pcwm.sandbox.candidate import language_of, program_for


def plan_for(spec) -> RunPlan:
    """The RunPlan of a suite's TsanSpec."""
    return RunPlan(threads=tuple(spec.threads), runs=spec.runs, timeout_s=spec.timeout_s, opt_level=spec.opt)


def suite_program(meta: dict, source: str | None = None) -> Program:
    """The program a prompt is about: its file as is, or `source` under the file's own name and include dir."""
    path = Path(meta["path"]) if meta.get("path") else None
    if source is None and path is not None:
        return Program.from_path(path)
    include = (str(path.resolve().parent),) if path is not None else ()
    return program_for(source if source is not None else meta["source"], language_of(meta["file_name"]),
                       name=meta["file_name"], include_dirs=include)


def tsan_results(metas: list[dict], spec, sources: list[str] | None = None) -> list[SandboxResult]:
    """TSan results in the order of `metas` (cached by content: reruns are file reads)."""
    programs = [suite_program(m, None if sources is None else sources[i]) for i, m in enumerate(metas)]
    return run_many(programs, plan_for(spec), jobs=spec.jobs or None, cache=ResultCache())
