"""Sandbox: a thin adapter over `pcwm.sandbox` (TSan) and its work-% profiler: columns in, tool, columns out.

Candidates of a batch run on a thread pool (`jobs` workers) with the sandbox's content-addressed cache, so a rerun or a
resumed pipeline costs a file read per candidate. A failure of the candidate (compile error, crash, timeout, wrong
output) is a row with that status. A broken toolchain is an error at load() that stops the pipeline; a sandbox
failure on one candidate is a row with status `sandbox_error`, which is never a label (FormatSFT drops it and the
run summary counts it).
"""


import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from distilabel.mixins.runtime_parameters import RuntimeParameter
from distilabel.steps import Step, StepInput
from distilabel.typing import StepOutput
from pydantic import Field

from pcwm.cluster import node_name
from pcwm.pipelines.compat import exclude_from_signature
from pcwm.pipelines.parsing import content_id
from pcwm.sandbox.candidate import candidate_file, program_for
from pcwm.sandbox.result import is_label
from pcwm.worldmodel import outcomes
from pcwm.worldmodel.prompts import strip_comments

log = logging.getLogger(__name__)

CANDIDATE_COLUMNS = [
    "seed_id", "problem_id", "variant", "domain", "title", "language", "function", "problem", "harness",
    "harness_name", "reference", "reference_name", "default_size",
    "candidate", "origin", "generator", "strategy", "mutation_operator", "expected_label",
]
SANDBOX_COLUMNS = [
    "candidate_id", "code", "file_name", "tool", "status", "valid", "races", "outcome", "workpct",
    "oversubscribed", "sandbox_result", "sandbox_wall_s", "cached",
]
_KEEP_TAIL = 2000


def row_program(row: dict[str, Any], source: str):
    """`pcwm.sandbox.candidate.program_for` with the row's columns: the harness (and reference) when it has one."""
    extra = ((row["reference_name"], row["reference"]),) if row.get("harness") and row.get("reference") else ()
    return program_for(source, row.get("language") or "c", harness=row.get("harness") or None,
                       harness_name=row.get("harness_name") or "harness.c", extra_files=extra,
                       path=row.get("problem_id"))


def _trim(result: dict) -> dict:
    for r in result.get("runs", []):
        r["stdout"] = r.get("stdout", "")[-_KEEP_TAIL:]
        r["stderr"] = r.get("stderr", "")[-_KEEP_TAIL:]
    result["compile_stderr"] = result.get("compile_stderr", "")[-_KEEP_TAIL:]
    return result


class Sandbox(Step):
    """Runs each candidate under the recipe's tool and records the outcome.

    Input columns: candidate, language, harness, harness_name, reference, reference_name, problem_id (plus every
    other candidate column, passed through). Several predecessors (one per candidate source) are concatenated.
    Output columns: candidate_id (hash of problem and code), code (the exact source run: comments blanked when
    `strip_comments`, line numbers kept), file_name, tool, status (ok | race | compile_error | runtime_error |
    timeout | wrong_output | sandbox_error), valid (harness verdict), races (JSON list, TSan), outcome (the answer
    body in pcwm.worldmodel.outcomes format: race list or work-% text; null when the status is not a label), workpct
    (JSON, work-% tool), oversubscribed (work %: some thread count exceeds the cores), sandbox_result (JSON, outputs
    trimmed), sandbox_wall_s, cached.
    """

    tool: Literal["tsan", "workpct"] = "tsan"
    threads: list[int] = Field(default_factory=lambda: [4, 8, 2])
    runs: int = 1
    timeout_s: float = 30.0
    stop_on_race: bool = False
    strip_comments: bool = True
    profile_threads: list[int] = Field(default_factory=lambda: [4, 16, 64, 128])
    profile_repeats: int = 3
    profile_backend: Literal["ompt", "caliper", "auto"] = "auto"
    profile_value: Literal["median", "estimate"] = "median"
    jobs: RuntimeParameter[int] = Field(default=0, description="Worker threads; 0: all cores.")
    exclude_from_signature: set[str] = Field(default=exclude_from_signature("jobs"), exclude=True)

    @property
    def inputs(self) -> list[str]:
        return ["candidate", "language", "harness", "problem_id"]

    @property
    def outputs(self) -> list[str]:
        return CANDIDATE_COLUMNS + SANDBOX_COLUMNS

    def load(self) -> None:
        super().load()
        from pcwm.sandbox.runner import clear_work_dirs
        from pcwm.sandbox.toolchain import Toolchain, ToolchainError, verify_archer

        try:
            verify_archer(Toolchain.detect())
        except ToolchainError as exc:  # infrastructure: stop the pipeline, never label candidates
            raise RuntimeError(f"sandbox toolchain unusable on node {node_name()}: {exc}") from exc
        clear_work_dirs(legacy=False)  # left by a killed run's workers (after SIGKILL nothing cleans up in-process)

    def process(self, *inputs: StepInput) -> StepOutput:
        rows = [{c: r.get(c) for c in CANDIDATE_COLUMNS} for batch in inputs for r in batch]
        jobs = self.jobs or len(os.sched_getaffinity(0))
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(rows) or 1))) as pool:
            done = list(pool.map(self._run_row, rows))
        counts: dict[str, int] = {}
        for r in done:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        self._logger.info(f"sandbox batch of {len(done)}: {counts}")
        yield done

    def _code(self, row: dict) -> str:
        src = row.get("candidate") or ""
        if self.strip_comments:
            src = strip_comments(src)
        return src if src.endswith("\n") or not src else src + "\n"

    def _run_row(self, row: dict) -> dict:
        code = self._code(row)
        out = dict(row)
        out.update(candidate_id=content_id(row.get("problem_id") or "", code), code=code,
                   file_name=candidate_file(row.get("language") or "c"), tool=self.tool, races=None, outcome=None,
                   workpct=None, oversubscribed=None)
        if self.tool == "tsan":
            self._tsan(row, code, out)
        else:
            self._workpct(row, code, out)
        return out

    def _tsan(self, row: dict, code: str, out: dict) -> None:
        from pcwm.sandbox import RunPlan, run_tsan
        from pcwm.sandbox.cache import ResultCache

        plan = RunPlan(threads=tuple(self.threads), runs=self.runs, stop_on_race=self.stop_on_race,
                       timeout_s=self.timeout_s)
        res = run_tsan(row_program(row, code), plan, cache=ResultCache())
        races = res.outcome_json()
        status = res.status.value
        out.update(
            status=status, valid=res.valid, races=json.dumps(races),
            outcome=outcomes.render_tsan(races) if is_label(status) else None,
            sandbox_result=json.dumps(_trim(res.to_dict())), cached=res.cached,
            sandbox_wall_s=round(res.compile_s + sum(r.wall_s for r in res.runs), 3),
        )

    def _workpct(self, row: dict, code: str, out: dict) -> None:
        import time

        t0 = time.monotonic()
        res, cached = self._profile(row_program(row, code))
        regions = regions_of(res, self.profile_value)
        status = res.status
        d = res.to_dict()
        for r in [*d.get("regions", []), *d.get("annotations", []), d.get("total") or {}]:
            r.pop("runs", None)  # raw per-repeat records: large, and summarised in by_threads
        out.update(
            status=status, valid=res.valid, workpct=json.dumps(d),
            outcome=outcomes.render_workpct(regions) if status == "ok" and regions else None,
            oversubscribed=any(t > res.host.available_cores for t in res.threads),
            sandbox_result=json.dumps({"status": res.status, "error": res.error, "failures": res.failures[:20],
                                       "compile_stderr": res.compile_stderr[-_KEEP_TAIL:]}),
            cached=cached, sandbox_wall_s=round(time.monotonic() - t0, 3),
        )

    def _profile(self, program):
        """(profile, cached?): measurements are cached by the sandbox (`ProfileCache`: program, settings, host)."""
        from pcwm.sandbox.cache import ProfileCache
        from pcwm.sandbox.profiler import profile_cached

        return profile_cached(program, cache=ProfileCache(), threads=tuple(self.profile_threads),
                              repeats=self.profile_repeats, backend=self.profile_backend, timeout_s=self.timeout_s)


def regions_of(res, value: str = "median") -> list[outcomes.RegionWork]:
    """The measured regions of a profile as `outcomes.RegionWork` (regions without a snippet are left out)."""
    regions = []
    for reg in res.regions:
        if not reg.snippet:
            continue
        pct = {}
        for t, s in reg.by_threads.items():
            v = s.median if value == "median" else s.estimate
            if v is not None:
                pct[int(t)] = v
        if pct:
            regions.append(outcomes.RegionWork(snippet=reg.snippet, work_pct=pct))
    return regions
