"""The work-% profiler: our OMPT tool against real Caliper numbers, the host-independent estimate against theory,
snippets, the outcome text, oversubscription flags and pairs. Needs clang-16 (CI installs it): a missing toolchain
fails these tests rather than skipping them."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from pcwm.outcomes import parse_workpct
from pcwm.sandbox import caliper as cali
from pcwm.sandbox.loadgen import busy_host, within_spread
from pcwm.sandbox.profiler import (
    HostInfo,
    PctStats,
    RegionOutcome,
    WorkPctOutcome,
    make_pairs,
    profile_program,
    render_text,
)
from pcwm.sandbox.toolchain import Toolchain
from pcwm.sandbox.workpct_ompt import RegionRun, build_tool, region_snippet

# Expected Caliper paths per fixture program (the tiny program has two annotated regions).
FIXTURE_PATHS = {
    "good_for": ["good_for"],
    "imbalance": ["imbalance"],
    "critical": ["critical"],
    "tiny": ["tiny_regions", "nested"],
}

# Iteration i costs (i + 1) units and schedule(static) over n iterations gives thread i exactly iteration i, so with
# one core per thread: wall = n units per invocation, work = n(n+1)/2 units, sync = n^2 - n(n+1)/2 units, and
# work % = (n + 1) / (2n): 62.5 at 4 threads, 53.125 at 16.
IMBALANCED = r"""
#include <omp.h>
#include <stdio.h>
#define UNIT 400000L
static double spin(long n) {
  double x = 0;
  for (long k = 0; k < n; k++) x = x * 0.999999 + 1e-3 * (double)(k & 7);
  return x;
}
int main(void) {
  static double out[1024];
  for (int r = 0; r < 10; r++) {
#pragma omp parallel
    {
      int n = omp_get_num_threads();
#pragma omp for schedule(static)
      for (int i = 0; i < n; i++) out[i] += spin(UNIT * (i + 1));
    }
  }
  printf("%g\n", out[0]);
  return 0;
}
"""


@pytest.fixture(scope="module")
def toolchain():
    return Toolchain.detect()  # raises (fails) when clang-16 is missing


def test_tool_is_built_once_per_source_and_compiler(toolchain, tmp_path, monkeypatch):
    monkeypatch.setenv("PCWM_CACHE_DIR", str(tmp_path))
    first = build_tool(toolchain.cc, toolchain.version)
    assert first.exists() and first.parent == tmp_path / "ompt"
    mtime = first.stat().st_mtime_ns
    assert build_tool(toolchain.cc, toolchain.version) == first
    assert first.stat().st_mtime_ns == mtime
    other = build_tool(toolchain.cc, toolchain.version + " (patched)")
    assert other != first and other.exists()
    assert not list((tmp_path / "ompt").glob(".build-*"))


@contextmanager
def fixture_host_conditions():
    """The conditions the fixtures were recorded in: two CPUs, kept busy by two other CPU-bound processes.

    The fixtures' README says the 2-core machine was loaded, and their own timings show how much: every program's
    region took 3-9x longer per thread under Caliper there than on a quiet 2-core box here (good_for 0.60 s vs 0.20 s,
    critical 1.13 s vs 0.12 s). Wall-clock work % follows that load (a balanced loop at 4 threads reads ~90 on a
    quiet box, ~77 in the fixtures), so the comparison runs under pcwm.sandbox.loadgen.busy_host(2 CPUs, 2 spinners);
    measured here, this brings every fixture region to within the spread of Caliper's runs, while a quiet box does
    not (nested regions: ours ~36 vs Caliper's ~13).
    """
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two CPUs to reproduce the fixtures' 2-core host")
    with busy_host(cpus=2, spinners=2):
        yield


@pytest.mark.parametrize("program", list(FIXTURE_PATHS))
def test_ompt_tool_agrees_with_caliper_fixtures(shared_data, program):
    """Wall-clock work % of our OMPT tool vs the fixtures' real Caliper numbers, 4 threads, under the fixtures'
    host conditions (see fixture_host_conditions)."""
    fixtures = shared_data / "caliper-fixtures"
    names = [f"{program}_T4.openmp-report.txt", *(f"{program}_T4_r{k}.openmp-report.txt" for k in (1, 2, 3))]
    caliper = cali.report_work_pcts(fixtures / name for name in names)
    assert set(caliper) == set(FIXTURE_PATHS[program])
    # Still a wall-clock measurement on a shared host: a disagreement is measured again, up to 3 times, before it
    # counts. The bound itself does not change.
    with fixture_host_conditions():
        for _attempt in range(3):
            problems = _disagreements(program, fixtures, caliper)
            if not problems:
                return
    pytest.fail("; ".join(problems))


def _disagreements(program, fixtures, caliper) -> list[str]:
    outcome = profile_program(fixtures / "programs" / f"{program}.cpp", threads=(4,), repeats=5)
    assert outcome.status == "ok", (outcome.error, outcome.failures, outcome.compile_stderr)
    ours = {a.key: a.by_threads[4].values for a in outcome.annotations}
    assert set(ours) == set(caliper)
    problems = []
    for path, theirs in caliper.items():
        mine = ours[path]
        assert len(mine) == 5
        # Both sides are wall-clock measurements of 4 threads on a 2-core machine, so single runs vary by up to ~20
        # points (Caliper's own 4 runs: critical 82.9-99.3, imbalance 14.0-34.9). Two medians agree when they are
        # within the two half-ranges of run-to-run spread, widened by 3 points for a tool whose clock reads sit at
        # slightly different places than Caliper's (FACTS.md: a ~150-line OMPT tool matched Caliper to a median of
        # 0.6 points on the same host). Using medians, not extremes, keeps one unlucky repeat from deciding.
        if not within_spread(mine, theirs, slack=3.0):
            problems.append(f"{program}/{path}: ours {sorted(mine)} vs Caliper {sorted(theirs)}")
    return problems


def test_regions_are_located_in_the_source(shared_data):
    outcome = profile_program(shared_data / "caliper-fixtures" / "programs" / "tiny.cpp", threads=(4,), repeats=1)
    assert outcome.status == "ok"
    located = [(r.file.rsplit("/", 1)[-1], r.line_start, r.line_end) for r in outcome.regions]
    assert located == [("tiny.cpp", 12, 13), ("tiny.cpp", 22, 27), ("tiny.cpp", 25, 26)]
    assert outcome.regions[0].snippet == (
        "#pragma omp parallel for\nfor (int i = 0; i < N; i++) a[i] = a[i] * 1.0001 + 1e-3;"
    )
    assert outcome.regions[0].runs[4][0].invocations == 500
    assert outcome.regions[2].runs[4][0].invocations == 20  # 10 x 2 nested teams


def test_estimate_matches_theory_for_imbalance(tmp_path):
    src = tmp_path / "imbalanced.c"
    src.write_text(IMBALANCED)
    outcome = profile_program(src, threads=(4, 16), repeats=2)
    assert outcome.status == "ok", (outcome.error, outcome.failures, outcome.compile_stderr)
    (region,) = outcome.regions
    for n in (4, 16):
        expected = 100.0 * (n + 1) / (2 * n)
        # CPU time per thread does not depend on how many cores there are; what remains is the spin loop's cost per
        # unit varying between co-scheduled threads (caches, frequency) and the tool's clock reads (~1 us against
        # ~0.6 ms units): observed within 0.2 points, 1.5 allows for a noisier host.
        assert region.by_threads[n].estimate == pytest.approx(expected, abs=1.5)
    assert outcome.total.by_threads[4].estimate == pytest.approx(62.5, abs=1.5)


def test_oversubscription_is_flagged(tmp_path):
    cores = len(os.sched_getaffinity(0))
    src = tmp_path / "small.c"
    src.write_text(
        "#include <stdio.h>\nint main(void){ double s = 0;\n#pragma omp parallel for reduction(+:s)\n"
        'for (int i = 0; i < 100000; i++) s += i * 0.5;\nprintf("%g\\n", s); return 0; }\n'
    )
    outcome = profile_program(src, threads=(1, cores + 1), repeats=1)
    assert outcome.status == "ok", (outcome.error, outcome.failures)
    assert outcome.host.available_cores == cores
    for stats_of in (outcome.regions[0].by_threads, outcome.total.by_threads):
        assert stats_of[1].oversubscribed is False
        assert stats_of[cores + 1].oversubscribed is True
    assert PctStats.of(8, [], cores=8).oversubscribed is False
    assert PctStats.of(9, [], cores=8).oversubscribed is True


def test_compile_error_is_a_status(tmp_path):
    src = tmp_path / "broken.c"
    src.write_text("int main(void) { return x; }\n")
    outcome = profile_program(src, threads=(4,), repeats=1)
    assert outcome.status == "compile_error" and "x" in outcome.compile_stderr
    assert render_text(outcome) == "No parallel region measured (compile_error)."


def _outcome(medians: dict[int, float], *, host_id: str = "h1", snippet: str = "#pragma omp for\nfor (;;) {}"):
    host = HostInfo(available_cores=2, cpu_count=2, loadavg=(0.1, 0.2, 0.3), cpu_model="x", host_id=host_id)
    by = {t: PctStats(t, m, m - 1, m + 1, [m - 1, m, m + 1], t > 2, estimate=m + 0.5) for t, m in medians.items()}
    region = RegionOutcome(
        key="0x10",
        snippet=snippet,
        file="a.c",
        line_start=3,
        line_end=4,
        by_threads=by,
        runs={t: [RegionRun(key="0x10", work_s=1.0, sync_s=0.1, work_pct=m)] for t, m in medians.items()},
    )
    total = RegionOutcome(key="total", snippet="", by_threads=by)
    return WorkPctOutcome(
        program="a.c",
        backend="ompt",
        status="ok",
        threads=list(medians),
        repeats=3,
        host=host,
        regions=[region],
        total=total,
        flags=["-fopenmp", "-g", "-O1"],
        toolchain="clang 16",
    )


def test_render_text_is_the_papers_format():
    outcome = _outcome({4: 95.6, 16: 76.2, 64: 44.4, 128: 46.5})
    assert render_text(outcome) == (
        "For code snippet:\n#pragma omp for\nfor (;;) {}\nCaliper measures:\n"
        "- For 4 threads, a work percentage of 96\n- For 16 threads, a work percentage of 76\n"
        "- For 64 threads, a work percentage of 44\n- For 128 threads, a work percentage of 46"
    )
    partial = render_text(outcome, threads=(4, 8))  # 8 threads was not measured: left out of the block
    assert partial.endswith("- For 4 threads, a work percentage of 96")
    assert [r.work_pct for r in parse_workpct(partial)] == [{4: 96.0}]
    assert "of 96\n" in render_text(outcome, value="estimate")  # 95.6 + 0.5 rounds to 96


def test_outcome_json_round_trip():
    outcome = _outcome({4: 90.0, 16: 50.0})
    again = WorkPctOutcome.from_json(outcome.to_json())
    assert again == outcome


def test_pairs_only_under_same_conditions():
    a, b, c = _outcome({4: 90.0, 16: 50.0}), _outcome({4: 70.0, 16: 55.0}), _outcome({4: 60.0, 16: 40.0}, host_id="h2")
    pairs = make_pairs([a, b, c])
    assert [(p.i, p.j) for p in pairs] == [(0, 1)]
    assert pairs[0].diff == {4: 20.0, 16: -5.0}
    assert pairs[0].estimate_diff == {4: 20.0, 16: -5.0}
    d = _outcome({4: 90.0})
    assert make_pairs([a, d]) == []  # different thread counts
    e = _outcome({4: 80.0, 16: 50.0})
    e.backend = "caliper"
    assert make_pairs([a, e]) == []


@pytest.mark.parametrize(
    ("source", "line", "expected"),
    [
        (
            "int f() {\n  #pragma omp parallel\n  {\n    g();\n  }\n  return 0;\n}\n",
            2,
            ("#pragma omp parallel\n{\n  g();\n}", 2, 5),
        ),
        (
            "  #pragma omp parallel for \\\n      schedule(static)\n  for (i = 0; i < n; i++)\n    a[i] = '}';\nx();\n",
            1,
            ("#pragma omp parallel for \\\n    schedule(static)\nfor (i = 0; i < n; i++)\n  a[i] = '}';", 1, 4),
        ),
        (
            "#pragma omp parallel\nif (a) b(); else { c(); }\nd();\n",
            2,
            ("#pragma omp parallel\nif (a) b(); else { c(); }", 1, 2),
        ),
        ("x();\ny();\n", 2, None),
        (
            "  #pragma omp parallel\n  #pragma omp single\n  {\n    for (;;) {\n      #pragma omp task\n      f();\n"
            "      #pragma omp taskwait\n    }\n#pragma omp taskwait\n  }\n",
            1,
            (
                "#pragma omp parallel\n#pragma omp single\n{\n  for (;;) {\n    #pragma omp task\n    f();\n"
                "    #pragma omp taskwait\n  }\n#pragma omp taskwait\n}",
                1,
                10,
            ),
        ),
    ],
    ids=["block", "continued-pragma-loop", "line-after-pragma", "no-pragma", "standalone-directives"],
)
def test_region_snippet(source, line, expected):
    assert region_snippet(source, line) == expected


def test_fixture_caliper_medians_are_what_the_report_quotes(shared_data):
    """Documents the Caliper side of the agreement figures (median of the 4 runs at 4 threads)."""
    fixtures = shared_data / "caliper-fixtures"
    names = ["good_for_T4.openmp-report.txt", *(f"good_for_T4_r{k}.openmp-report.txt" for k in (1, 2, 3))]
    vals = cali.report_work_pcts(fixtures / f for f in names)
    assert list(vals) == ["good_for"] and len(vals["good_for"]) == 4
    assert statistics.median(vals["good_for"]) == pytest.approx(76.72, abs=0.01)


def test_cli_prints_outcome_as_text_and_json(shared_data, tmp_path):
    """`pcwm sandbox run --tool workpct FILE --threads ...`: the paper's text on stdout with a detail table on
    stderr; with --json one WorkPctOutcome per program."""
    src = shared_data / "caliper-fixtures" / "programs" / "imbalance.cpp"
    cores = len(os.sched_getaffinity(0))
    cmd = [sys.executable, "-m", "pcwm.cli", "sandbox", "run", "--tool", "workpct", str(src)]
    cmd += ["--threads", f"1,{cores + 1}", "--repeats", "2"]
    env = {**os.environ, "COLUMNS": "200", "PCWM_CACHE_DIR": str(tmp_path)}
    text = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert text.returncode == 0, text.stderr
    assert "Caliper measures:\n- For 1 threads, a work percentage of " in text.stdout
    assert f"- For {cores + 1} threads, a work percentage of " in text.stdout
    assert "heavy(0.001 * i + a[i], i / 4)" in text.stdout  # the region's own code is the snippet
    assert "imbalance.cpp:11-12" in text.stderr and f"{cores + 1} threads *" in text.stderr
    assert "oversubscribed" in text.stderr
    one = [*cmd[:-4], "--threads", "1", "--repeats", "1", "--value", "estimate"]
    est = subprocess.run(one, capture_output=True, text=True, env=env, timeout=300)
    assert "- For 1 threads, a work percentage of 100\n" in est.stdout, est.stderr  # one thread: nobody waits
    js = subprocess.run([*cmd, "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert js.returncode == 0, js.stderr
    (line,) = js.stdout.splitlines()
    outcome = WorkPctOutcome.from_dict({k: v for k, v in json.loads(line).items() if k != "path"})
    assert outcome.status == "ok" and outcome.backend == "ompt"
    (region,) = outcome.regions
    assert (region.line_start, region.line_end) == (11, 12)
    assert [len(region.by_threads[t].values) for t in (1, cores + 1)] == [2, 2]
    assert region.by_threads[cores + 1].oversubscribed and not region.by_threads[1].oversubscribed
    assert region.by_threads[1].median > 99  # one thread never waits at a barrier for another


STUB_CALIPER = Path(__file__).resolve().parents[2] / "stub_caliper"

# Line numbers matter below: scale()'s parallel construct is on line 5, main's on 9 (with a nested construct on 12) and
# 19; lines 11 and 24 print their own __LINE__. scale() is called from inside the region at 9 (3 x 3 times) and once
# from main.
UNANNOTATED = """#include <omp.h>
#include <stdio.h>
static double a[4096], b[4096];
static void scale(int n) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) a[i] *= 0.5; /* the loop ends here */ }
int main(void) {
  for (int r = 0; r < 3; r++)
#pragma omp parallel
  {
    scale(64); if (r == 0 && omp_get_thread_num() == 0) printf("inner line %d\\n", __LINE__);
#pragma omp parallel for
    for (int i = 0; i < 4096; i++) b[i] += a[i % 64];
  }
  scale(4096);
  double s = 0;
  for (int i = 0; i < 4096; i++) s += a[i] + b[i];
  omp_set_max_active_levels(1);
#pragma omp parallel for reduction(+:s) \\
    schedule(static)
  for (int i = 0; i < 4096; i++)
    s += i * 1e-9;
  printf("%g\\n", s);
  printf("line %d\\n", __LINE__);
  return 0;
}
"""


@pytest.fixture(scope="module")
def stub_caliper(tmp_path_factory, toolchain):
    """A prefix laid out like a Caliper install, holding the test stand-in (tests/stub_caliper): real Caliper cannot
    be built here, and these tests check our side of the contract (annotation, compile and link flags, paths)."""
    prefix = tmp_path_factory.mktemp("caliper-prefix")
    shutil.copytree(STUB_CALIPER / "include", prefix / "include")
    (prefix / "lib").mkdir()
    out = prefix / "lib" / "libcaliper.so"
    stub = str(STUB_CALIPER / "cali_stub.c")
    subprocess.run([toolchain.cc, "-shared", "-fPIC", "-O1", stub, "-o", str(out)], check=True)
    return prefix


def test_auto_annotate_marks_outermost_constructs_and_keeps_line_numbers(stub_caliper, toolchain, tmp_path):
    annotated, spans = cali.auto_annotate(UNANNOTATED, "gen.c")
    assert spans == {"gen.c:5": (5, 6), "gen.c:9": (9, 14), "gen.c:19": (19, 22)}
    assert cali.auto_annotate("int main(void) { return 0; }\n", "x.c") == ("int main(void) { return 0; }\n", {})
    src = tmp_path / "gen.c"
    src.write_text(annotated)
    lib = stub_caliper / "lib"
    exe = tmp_path / "gen"
    build = [toolchain.cc, "-fopenmp", "-Werror", str(src), f"-I{stub_caliper / 'include'}", f"-L{lib}"]
    subprocess.run([*build, f"-Wl,-rpath,{lib}", "-lcaliper", "-o", str(exe)], check=True)
    report = tmp_path / "profile.json"
    run = subprocess.run(
        [str(exe)],
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_NUM_THREADS": "3", "CALI_CONFIG": f"runtime-profile(output={report})"},
    )
    assert run.returncode == 0, run.stderr  # the stub aborts on marks that do not nest
    assert "inner line 11\n" in run.stdout and "\nline 24\n" in run.stdout  # #line keeps the user's numbering
    calls = {r["path"]: r["calls"] for r in json.loads(report.read_text()) if "path" in r}
    # region 5 is entered once from main (scale(4096)); the 3 x 3 calls from inside region 9 open nothing
    assert calls == {"gen.c:5": 1, "gen.c:9": 3, "gen.c:19": 1}


def test_caliper_backend_profiles_an_unannotated_program(stub_caliper, monkeypatch):
    monkeypatch.setenv("PCWM_CALIPER_PREFIX", str(stub_caliper))
    assert cali.find_caliper() is not None
    outcome = profile_program(UNANNOTATED, threads=(2,), repeats=2, backend="auto")
    assert outcome.backend == "caliper"
    assert outcome.status == "ok", (outcome.error, outcome.failures, outcome.compile_stderr)
    located = [(r.key, r.file, r.line_start, r.line_end) for r in outcome.regions]
    assert located == [
        ("generated.c:5", "generated.c", 5, 6),
        ("generated.c:9", "generated.c", 9, 14),
        ("generated.c:19", "generated.c", 19, 22),
    ]
    assert outcome.regions[2].snippet == region_snippet(UNANNOTATED, 19)[0]
    assert outcome.regions[2].snippet.startswith("#pragma omp parallel for reduction(+:s) \\\n")
    assert [len(r.by_threads[2].values) for r in outcome.regions] == [2, 2, 2]
    assert "For code snippet:\n#pragma omp parallel\n{\n  scale(64);" in render_text(outcome)


def test_caliper_backend_keeps_the_programs_own_marks(stub_caliper, monkeypatch, shared_data):
    monkeypatch.setenv("PCWM_CALIPER_PREFIX", str(stub_caliper))
    outcome = profile_program(
        shared_data / "caliper-fixtures" / "programs" / "tiny.cpp", threads=(2,), repeats=1, backend="caliper"
    )
    assert outcome.status == "ok", (outcome.error, outcome.failures, outcome.compile_stderr)
    located = [(r.key, r.line_start, r.line_end) for r in outcome.regions]
    assert located == [("tiny_regions", 11, 14), ("nested", 21, 28)]


def test_cli_bad_input_and_sandbox_errors(tmp_path, monkeypatch):
    env = {**os.environ, "COLUMNS": "200", "PCWM_CACHE_DIR": str(tmp_path)}
    env.pop("PCWM_CALIPER_PREFIX", None)
    base = [sys.executable, "-m", "pcwm.cli", "sandbox", "run", "--tool", "workpct"]
    notes = tmp_path / "notes.txt"
    notes.write_text("not a program\n")
    res = subprocess.run([*base, str(notes)], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 2 and "not a C/C++ source file" in res.stderr and "Traceback" not in res.stderr
    src = tmp_path / "ok.c"
    src.write_text("int main(void) {\n#pragma omp parallel\n  { }\n  return 0;\n}\n")
    res = subprocess.run([*base, str(src), "--repeats", "0"], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 2 and "--repeats" in res.stderr
    res = subprocess.run([*base, str(src), "--value", "mean"], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 2 and "--value must be median or estimate" in res.stderr
    # no Caliper here: asking for it is the sandbox's failure, not an outcome of the program
    env["PATH"] = "/usr/bin:/bin"
    cmd = [*base, str(src), "--backend", "caliper", "--threads", "2"]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 2 and "PCWM_CALIPER_PREFIX" in res.stderr


def test_cli_profiles_a_seed_implementation_through_its_harness(tmp_path):
    seed = Path(__file__).resolve().parents[3] / "src" / "pcwm" / "problems" / "seeds" / "stencil_pde"
    seed = seed / "heat2d_neumann"
    cmd = [sys.executable, "-m", "pcwm.cli", "sandbox", "run", "--tool", "workpct"]
    cmd += [str(seed / "impls" / "row_block_tasks.c")]
    cmd += ["--harness", str(seed / "harness.c"), "--extra", str(seed / "reference.c"), "--args", "64"]
    cmd += ["--threads", "2", "--repeats", "1", "--json"]
    res = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PCWM_CACHE_DIR": str(tmp_path)})
    assert res.returncode == 0, res.stderr
    outcome = json.loads(res.stdout)
    assert outcome["status"] == "ok" and outcome["valid"] is True  # the harness checked the result: PCWM_CHECK PASS
    assert [r["line_start"] for r in outcome["regions"]] == [10]
