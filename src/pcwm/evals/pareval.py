"""ParEval OpenMP problems: prompts, driver-based validation and work-% profiling of candidate solutions.

A solution is ParEval's `generated-code.hpp`: the prompt's declarations plus the completed function. It is built
with ParEval's own per-problem driver (`drivers/cpp/benchmarks/<type>/<name>/cpu.cc`, which includes the baseline,
ParEval's utilities and the candidate) and a small `main` of ours that mirrors ParEval's OpenMP driver: `validate()`
(prints `PCWM_CHECK PASS|FAIL`), then `iterations` timed `compute()` calls with `reset()` between them. The serial
`best()` run of ParEval's driver is skipped: it has no OpenMP region, so it does not change any work %.
The whole program runs under `pcwm.sandbox.profiler.profile_program`, so validity and work % come from one build.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pcwm.evals.benchmarks import locate
from pcwm.sandbox import Program

CANDIDATE = "generated-code.hpp"
MAIN = """// pcwm: main() for ParEval problem {name}; validate() and compute() come from ParEval's driver (cpu.cc).
#define USE_OMP 1
#define DRIVER_PROBLEM_SIZE {size}
#include <cstdio>
#include <cstdlib>
#include "cpu.cc"

int main(int argc, char **argv) {{
    int iterations = argc > 1 ? atoi(argv[1]) : 3;
    Context *ctx = init();
    const bool ok = validate(ctx);
    printf("PCWM_CHECK %s\\n", ok ? "PASS" : "FAIL");
    if (ok) {{
        for (int i = 0; i < iterations; i += 1) {{
            compute(ctx);
            reset(ctx);
        }}
    }}
    destroy(ctx);
    return 0;
}}
"""


@dataclass(frozen=True)
class ParEvalProblem:
    name: str
    problem_type: str
    prompt: str  # ParEval's OpenMP prompt: declarations, doc comment, signature with an open brace
    bench_dir: Path  # drivers/cpp/benchmarks/<type>/<name>
    utilities: Path
    size: str  # ParEval's DRIVER_PROBLEM_SIZE for omp

    @property
    def function_name(self) -> str:
        sig = self.prompt.rstrip().rstrip("{").rstrip().splitlines()[-1]
        return sig.split("(", 1)[0].split()[-1]


def load_problems(data_dir: str | Path | None = None) -> dict[str, ParEvalProblem]:
    """The 60 OpenMP problems of ParEval (data from `locate("pareval")`), by name."""
    root = locate("pareval", data_dir)
    prompts_file = root / "generation-prompts-omp-serial.json"
    sizes_file = root / "drivers" / "problem-sizes.json"
    for f in (prompts_file, sizes_file):
        if not f.exists():
            raise FileNotFoundError(f"ParEval data incomplete: {f} is missing")
    sizes = json.loads(sizes_file.read_text())
    utilities = root / "drivers" / "cpp" / "utilities.hpp"
    out = {}
    for p in json.loads(prompts_file.read_text()):
        if p["parallelism_model"] != "omp":
            continue
        bench = root / "drivers" / "cpp" / "benchmarks" / p["problem_type"] / p["name"]
        out[p["name"]] = ParEvalProblem(p["name"], p["problem_type"], p["prompt"], bench, utilities,
                                        sizes.get(p["name"], {}).get("omp", "(1<<10)"))
    if not out:
        raise FileNotFoundError(f"no OpenMP prompts in {prompts_file}")
    return out


def select_problems(all_problems: dict[str, ParEvalProblem], names: list[str]) -> list[ParEvalProblem]:
    if not names:
        return sorted(all_problems.values(), key=lambda p: p.name)
    missing = [n for n in names if n not in all_problems]
    if missing:
        raise ValueError(f"unknown ParEval problem(s): {', '.join(missing)}")
    return [all_problems[n] for n in names]


def driver_program(problem: ParEvalProblem, source: str, size: str = "", iterations: int = 3) -> Program:
    """The candidate built into ParEval's driver for `problem` (size overrides DRIVER_PROBLEM_SIZE)."""
    cpu = problem.bench_dir / "cpu.cc"
    base = problem.bench_dir / "baseline.hpp"
    for f in (cpu, base, problem.utilities):
        if not f.exists():
            raise FileNotFoundError(f"ParEval driver file missing: {f}")
    return Program(
        source=source,
        name=CANDIDATE,
        harness=MAIN.format(name=problem.name, size=size or problem.size),
        harness_name="pareval_main.cc",
        extra_files=(("cpu.cc", cpu.read_text()), ("baseline.hpp", base.read_text()),
                     ("utilities.hpp", problem.utilities.read_text())),
        args=(str(iterations),),
    )


def source_hash(source: str) -> str:
    norm = "\n".join(line.rstrip() for line in source.strip().splitlines())
    return hashlib.sha256(norm.encode()).hexdigest()[:16]


def candidate_from_response(problem: ParEvalProblem, text: str) -> str | None:
    """The solution file from a model's reply (a ```cpp block holding the function), or None."""
    from pcwm.worldmodel.prompts import extract_code

    code = extract_code(text, "cpp")
    if code is None or f"{problem.function_name}(" not in code or "main(" in code:
        return None
    if "#include <omp.h>" not in code:
        code = "#include <omp.h>\n" + code
    return code.strip() + "\n"


def region_work(outcome, threads: list[int], value: str = "median") -> dict[int, float | None]:
    """Per thread count: the mean over the candidate's parallel regions of their median work % (None if none).

    The same aggregation as `pcwm.worldmodel.outcomes.program_workpct` applies to predictions, so both sides are
    comparable.
    """
    regions = [r for r in outcome.regions if r.file in (CANDIDATE, outcome.program)]
    out: dict[int, float | None] = {}
    for t in threads:
        stats = [r.by_threads[t] for r in regions if t in r.by_threads]
        vals = [v for v in (s.median if value == "median" else s.estimate for s in stats) if v is not None]
        out[t] = sum(vals) / len(vals) if vals else None
    return out


def profile_solution(problem: ParEvalProblem, source: str, spec) -> object:
    """Builds, validates and profiles one solution (a `WorkPctOutcome`); `spec` is the suite's ProfileSpec."""
    from pcwm.sandbox.cache import ProfileCache
    from pcwm.sandbox.profiler import profile_program

    size = spec.problem_size.get(problem.name) or spec.default_problem_size
    program = driver_program(problem, source, size=size, iterations=spec.iterations)
    return profile_program(program, threads=tuple(spec.threads), repeats=spec.repeats, backend=spec.backend,
                           timeout_s=spec.timeout_s, cache=ProfileCache())
