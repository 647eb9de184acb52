"""Every program in tests/sandbox_cases/ gets the status (and race lines) its first line expects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pcwm.sandbox import Program, RunPlan, Status, run_tsan

CASES = sorted((Path(__file__).parents[2] / "sandbox_cases").glob("*.c*"))
_EXPECT = re.compile(r"^//\s*expect:\s*(\w+)(.*)$")


def _expectation(path: Path) -> tuple[str, dict[str, str]]:
    m = _EXPECT.match(path.read_text().splitlines()[0])
    assert m, f"{path.name}: first line must be '// expect: <status> ...'"
    opts = dict(kv.split("=", 1) for kv in m.group(2).split())
    return m.group(1), opts


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path):
    status, opts = _expectation(case)
    res = run_tsan(Program.from_path(case), RunPlan(threads=(4, 2), timeout_s=30))
    assert res.status is Status(status), f"{case.name}: {res.status} {res.races} {res.compile_stderr[-500:]}"
    if "lines" in opts:
        want = sorted(f"{case.name}:{x}" for x in opts["lines"].split(","))
        assert any(sorted(r.locations) == want for r in res.races), res.races
    if "valid" in opts:
        assert res.valid is (opts["valid"] == "pass")
    if res.status is Status.RACE:
        for r in res.races:
            assert r.type in ("read/write race", "write/write race")
            assert all(loc.startswith(case.name + ":") for loc in r.locations)


def test_program_next_to_its_header_in_tmp(tmp_path):
    """Include dirs are visible to the compiler even under /tmp, which the isolation replaces with a private one."""
    (tmp_path / "sizes.h").write_text("#define N 1000\n")
    src = tmp_path / "prog.c"
    src.write_text('#include "sizes.h"\n#include <stdio.h>\nint main(void){int s=0;\n#pragma omp parallel for\n'
                   "for(int i=0;i<N;i++) s+=i;\nprintf(\"%d\\n\",s);return 0;}\n")
    res = run_tsan(Program.from_path(src), RunPlan(threads=(4,)))
    assert res.status is Status.RACE, res.compile_stderr
    assert res.races[0].locations == ["prog.c:5"]


HUNG_RACE = r"""
#include <stdio.h>
int main(void) {
  int flag = 0;
#pragma omp parallel
  {
    flag = 1;
    volatile unsigned long spin = 0;
    for (;;) spin++; /* never ends */
  }
  printf("%d\n", flag);
  return 0;
}
"""


@pytest.mark.parametrize("stop", [True, False], ids=["stop-after-hung-race", "run-every-thread-count"])
def test_a_race_that_then_hangs_ends_the_programs_runs(stop):
    """The verdict is race either way; by default the other thread counts are not left to hang to the time limit."""
    plan = RunPlan(threads=(4, 2, 8), timeout_s=3, stop_after_hung_race=stop)
    res = run_tsan(Program(source=HUNG_RACE), plan)
    assert res.status is Status.RACE, (res.status, res.runs)
    assert [r.killed_reason for r in res.runs] == ["timeout"] * (1 if stop else 3)
    assert [r.locations for r in res.races] == [["generated.c:7"]]
