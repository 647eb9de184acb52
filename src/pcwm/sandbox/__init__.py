"""The sandbox: compile and run untrusted OpenMP C/C++ under ThreadSanitizer (and a work-% profiler), contained.

Pure library (no distilabel import). Main entry points:
- `run_tsan(program, ...)` -> `SandboxResult` for one program;
- `run_many(programs, ...)` for a pool over many programs, with a content-addressed cache; on a Ray cluster inside
  `batch.use_cluster(ADDRESS)`.
"""

from pcwm.sandbox.batch import run_many
from pcwm.sandbox.result import Race, RunRecord, SandboxResult, Status
from pcwm.sandbox.runner import Program, RunPlan, run_tsan

__all__ = ["Program", "Race", "RunPlan", "RunRecord", "SandboxResult", "Status", "run_many", "run_tsan"]
