"""Our OMPT tool's counting rules that follow Caliper (see the header of sandbox/native/pcwm_workpct.c): a worker's
end-of-region barrier wait is charged to the region that wakes it, per thread, and not at all when nothing wakes it
(program exit). The programs sleep between regions, so the times asserted are set by the sleeps, not by the host's
speed or load. Needs clang-16 (CI installs it)."""

from __future__ import annotations

import json
import os
import signal
import subprocess

import pytest

from pcwm.sandbox.toolchain import Toolchain
from pcwm.sandbox.workpct_ompt import TOOL_ENV_OUT, build_tool, symbolize

# Region A, 200 ms of serial sleep, region B, 500 ms of serial sleep, exit. The worker waits in A's end barrier
# until B wakes it (charged to B), then in B's until exit (charged nowhere).
SERIAL_GAPS = r"""
#include <stdio.h>
#include <unistd.h>
int main(void) {
  static double a[1024];
#pragma omp parallel for
  for (int i = 0; i < 1024; i++) a[i] += i;
  usleep(200000);
#pragma omp parallel for
  for (int i = 0; i < 1024; i++) a[i] *= 2;
  usleep(500000);
  printf("%g\n", a[7]);
  return 0;
}
"""

# Two outer threads, each running the same inner parallel region three times with 50 ms of sleep in between: the
# inner teams' workers wait across each sleep and are woken by the next instance of the same construct, while the
# other team's instances begin and end concurrently; the last waits (>= 350 ms, until exit) are not counted.
NESTED_TEAMS = r"""
#include <omp.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  static double a[2][1024];
  omp_set_max_active_levels(2);
#pragma omp parallel num_threads(2)
  {
    int o = omp_get_thread_num();
    for (int r = 0; r < 3; r++) {
#pragma omp parallel for num_threads(2)
      for (int i = 0; i < 1024; i++) a[o][i] += i;
      usleep(50000);
    }
  }
  usleep(300000);
  printf("%g\n", a[1][7]);
  return 0;
}
"""


@pytest.fixture(scope="module")
def tool():
    tc = Toolchain.detect()
    return tc, build_tool(tc.cc, tc.version)


def profile(tool, tmp_path, source: str, threads: int, **env_extra: str) -> list[dict]:
    """The tool's region records of one run, in the source order of their parallel constructs."""
    tc, lib = tool
    src, exe, out = tmp_path / "p.c", tmp_path / "p", tmp_path / "out.json"
    src.write_text(source)
    subprocess.run([tc.cc, "-fopenmp", "-g", "-O1", str(src), "-o", str(exe)], check=True, capture_output=True)
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "OMP_TOOL_LIBRARIES": str(lib), TOOL_ENV_OUT: str(out)}
    env.update(env_extra)
    proc = subprocess.Popen(
        [str(exe)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, err
    regions = [r for r in json.loads(out.read_text())["regions"] if r["id"] != 0]
    where = symbolize(tc.symbolizer or "llvm-symbolizer-16", exe, [r["offset"] for r in regions])
    assert all(where[r["offset"]] for r in regions), where
    return sorted(regions, key=lambda r: where[r["offset"]][1])


def test_end_barrier_wait_goes_to_the_region_that_wakes_the_worker(tool, tmp_path):
    a, b = profile(tool, tmp_path, SERIAL_GAPS, threads=2)
    assert b["sync_s"] >= 0.18  # the worker's wait across the first sleep, charged to B
    assert a["sync_s"] < 0.1  # A keeps only what happened before it ended
    assert b["sync_s"] < 0.35  # the wait across the second sleep (until exit) is not counted
    assert a["sync_inregion_s"] < 0.1 and b["sync_inregion_s"] < 0.1


def test_nested_teams_of_one_construct_keep_their_workers_waits(tool, tmp_path):
    # hot nested teams: each inner team keeps its own worker (else libomp's pool hands a worker to whichever team
    # forks next, and how long it waited depends on how the two teams' sleeps interleave)
    outer, inner = profile(tool, tmp_path, NESTED_TEAMS, threads=2, KMP_HOT_TEAMS_MAX_LEVEL="2")
    assert inner["invocations"] == 6
    # two teams x two sleeps of 50 ms between their three instances, one worker each; the last wait is not counted
    assert 0.17 <= inner["sync_s"] < 0.6
    assert outer["sync_s"] < 0.1  # the outer construct gets none of them
