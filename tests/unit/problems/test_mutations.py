"""Each operator on small real OpenMP snippets: the mutated text is exactly what a programmer's slip would produce,
and it still compiles."""

from __future__ import annotations

import subprocess

import pytest

from pcwm.problems.mutations import OPERATORS, creates_known_false_positive, mutate
from pcwm.sandbox.toolchain import CXX_STD, Toolchain


def compiles(source: str, language: str = "c") -> bool:
    tc = Toolchain.detect()
    cmd = [tc.cxx, CXX_STD, "-x", "c++"] if language == "cpp" else [tc.cc, "-x", "c"]
    res = subprocess.run([*cmd, "-fopenmp", "-fsyntax-only", "-"], input=source, capture_output=True, text=True,
                         timeout=60)
    return res.returncode == 0


def only(source: str, op: str, language: str = "c") -> list[str]:
    assert compiles(source, language), "the snippet itself must compile"
    out = [m.source for m in mutate(source, language, parent="t/x/y", operators=[op])]
    for text in out:
        assert compiles(text, language), f"{op} produced code that does not compile:\n{text}"
    return out


SUM = """\
double sum(int n, const double *x)
{
    double s = 0.0, m = 0.0;
    #pragma omp parallel for schedule(static) reduction(+ : s) reduction(max : m)
    for (int i = 0; i < n; i++) {
        s += x[i];
        if (x[i] > m) m = x[i];
    }
    return s + m;
}
"""


def test_drop_reduction():
    got = only(SUM, "drop_reduction")
    assert got == [
        SUM.replace(" reduction(+ : s) reduction(max : m)", " reduction(max : m)"),
        SUM.replace(" reduction(+ : s) reduction(max : m)", " reduction(+ : s)"),
    ]


def test_drop_reduction_one_item_of_a_list_and_never_inscan():
    src = SUM.replace("reduction(+ : s) reduction(max : m)", "reduction(+ : s, m)").replace(
        "if (x[i] > m) m = x[i];", "m += 1.0;")
    assert only(src, "drop_reduction") == [src.replace("(+ : s, m)", "(+ : m)"), src.replace("(+ : s, m)", "(+ : s)")]
    scan = """\
void scan(int n, const long *in, long *out)
{
    long run = 0;
    #pragma omp parallel for reduction(inscan, + : run)
    for (int i = 0; i < n; i++) {
        run += in[i];
        #pragma omp scan inclusive(run)
        out[i] = run;
    }
}
"""
    assert only(scan, "drop_reduction") == []


PRIV = """\
void scale(int n, const double *x, double *y, double f)
{
    double t;
    int i;
    #pragma omp parallel for private(t, i) firstprivate(f)
    for (i = 0; i < n; i++) {
        t = x[i] * f;
        y[i] = t + 1.0;
    }
}
"""


def test_drop_private_only_written_non_loop_variables():
    # i is the loop variable (predetermined private), f is only read: neither would race when shared
    assert only(PRIV, "drop_private") == [PRIV.replace("private(t, i)", "private(i)")]


TASKS = """\
void blocks(int nb, double *a)
{
    #pragma omp parallel
    #pragma omp single
    for (int b = 0; b < nb; b++) {
        #pragma omp task firstprivate(b)
        a[b] = 2.0 * b;
    }
}
"""


def test_drop_private_on_a_task_makes_the_variable_shared():
    assert only(TASKS, "drop_private") == [TASKS.replace("task firstprivate(b)", "task shared(b)")]


CRIT = """\
#include <stdlib.h>
void hist(int n, const int *v, int nb, long *h)
{
    #pragma omp parallel
    {
        long *loc = (long *)calloc((size_t)nb, sizeof(long));
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < n; i++)
            loc[v[i]]++;
        #pragma omp critical(merge)
        {
            for (int b = 0; b < nb; b++)
                h[b] += loc[b];
        }
        free(loc);
    }
}
"""


def test_drop_critical_keeps_the_block():
    assert only(CRIT, "drop_critical") == [CRIT.replace("        #pragma omp critical(merge)\n", "")]


ATOM = """\
void count(int n, const int *v, long *h)
{
    #pragma omp parallel for
    for (int i = 0; i < n; i++) {
        #pragma omp atomic update
        h[v[i]] += 1;
    }
}
"""


def test_drop_atomic():
    assert only(ATOM, "drop_atomic") == [ATOM.replace("        #pragma omp atomic update\n", "")]


TWO_LOOPS = """\
void two(int n, double *a, double *b, double *c)
{
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            a[i] = i;
        #pragma omp for schedule(dynamic, 4)
        for (int i = 0; i < n; i++)
            b[i] = a[n - 1 - i];
        #pragma omp for
        for (int i = 0; i < n; i++)
            c[i] = 1.0;
        #pragma omp barrier
        #pragma omp single
        c[0] += b[0];
    }
}
"""


def test_add_nowait_only_before_dependent_code():
    # loop 1 -> loop 2 reads a: nowait; loop 2 -> loop 3 does not use b; loop 3 is followed by a barrier
    assert only(TWO_LOOPS, "add_nowait") == [
        TWO_LOOPS.replace("#pragma omp for schedule(static)\n", "#pragma omp for schedule(static) nowait\n")]


def test_drop_barrier_and_single():
    assert only(TWO_LOOPS, "drop_barrier") == [TWO_LOOPS.replace("        #pragma omp barrier\n", "")]
    assert only(TWO_LOOPS, "drop_single") == [TWO_LOOPS.replace("        #pragma omp single\n", "")]


FIB = """\
static long fib(int n)
{
    long x, y;
    if (n < 2) return n;
    #pragma omp task shared(x)
    x = fib(n - 1);
    #pragma omp task shared(y)
    y = fib(n - 2);
    #pragma omp taskwait
    return x + y;
}
"""


def test_drop_taskwait():
    assert only(FIB, "drop_taskwait") == [FIB.replace("    #pragma omp taskwait\n", "")]


SORT = """\
static void sort(int *a, int *tmp, int lo, int hi)
{
    int buf[4] = {0};
    int mid = lo + (hi - lo) / 2;
    if (hi - lo < 2) return;
    #pragma omp task shared(a, tmp, buf) firstprivate(lo, mid)
    sort(a, tmp, lo, mid);
    #pragma omp task shared(a, tmp)
    { sort(a, tmp, mid, hi); tmp = a; }
    #pragma omp taskwait
    a[lo] = tmp[mid] + buf[0];
}
"""


def test_drop_taskwait_lets_tasks_capture_the_handles_they_only_read():
    # Without the wait the parent may return first: tasks reading `a` from its dead frame would crash, not race.
    # Read-only handles are captured by value; an array and a variable the task assigns stay shared.
    (out,) = only(SORT, "drop_taskwait")
    assert "taskwait" not in out
    assert "#pragma omp task shared(buf) firstprivate(lo, mid) firstprivate(a, tmp)" in out
    assert "#pragma omp task shared(tmp) firstprivate(a)" in out


HOIST = """\
void rows(int n, const double *A, const double *x, double *y)
{
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        const double xi = x[i];
        double s = 0.0;
        for (int j = 0; j < n; j++)
            s += A[i * n + j] * xi;
        y[i] = s;
    }
}
"""


def test_hoist_temporary_makes_a_temporary_shared():
    got = only(HOIST, "hoist_temporary")
    pre = "    #pragma omp parallel for"
    assert got == [
        HOIST.replace(pre, "    double xi;\n" + pre).replace("const double xi = x[i];", "xi = x[i];"),
        HOIST.replace(pre, "    double s;\n" + pre).replace("double s = 0.0;", "s = 0.0;"),
        HOIST.replace(pre, "    int j;\n" + pre).replace("for (int j = 0;", "for (j = 0;"),
    ]


def test_hoist_temporary_skips_name_clashes_and_cpp_constructor_form():
    clash = HOIST.replace("{\n    #pragma omp parallel", "{\n    double s = 1.0;\n    #pragma omp parallel").replace(
        "y[i] = s;", "y[i] = s;\n    }\n    y[0] += s;\n    {")
    assert not any("    double s;\n" in m for m in only(clash, "hoist_temporary"))
    cpp = """\
#include <vector>
void f(int n, double *y)
{
    #pragma omp parallel
    {
        std::vector<double> buf(n, 0.0);
        #pragma omp for
        for (int i = 0; i < n; i++)
            y[i] = buf[i];
    }
}
"""
    got = only(cpp, "hoist_temporary", "cpp")
    assert got == [cpp.replace("    #pragma omp parallel\n", "    std::vector<double> buf;\n    #pragma omp parallel\n")
                   .replace("std::vector<double> buf(n, 0.0);", "buf = std::vector<double>(n, 0.0);")]


SLICES = """\
#include <omp.h>
void smooth(int n, double *a)
{
    #pragma omp parallel
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        int lo = n * t / nt, hi = n * (t + 1) / nt;
        for (int i = lo; i < hi; i++)
            a[i] = 0.5 * a[i];
    }
    #pragma omp parallel for
    for (int i = 0; i < n; i++)
        a[i] = a[i] + 1.0;
}
"""


def test_widen_bound_into_the_neighbour_slice():
    assert only(SLICES, "widen_bound") == [
        SLICES.replace("i < hi", "i <= hi"),
        SLICES.replace("a[i] = a[i] + 1.0;", "a[i + 1] = a[i] + 1.0;"),
    ]


LOCKS = """\
#include <omp.h>
void add(int n, const int *k, double *y, omp_lock_t *locks)
{
    #pragma omp parallel for
    for (int i = 0; i < n; i++) {
        omp_set_lock(&locks[k[i] % 8]);
        y[k[i]] += 1.0;
        omp_unset_lock(&locks[k[i] % 8]);
    }
}
"""


def test_drop_lock_removes_the_pair():
    assert only(LOCKS, "drop_lock") == [
        LOCKS.replace("        omp_set_lock(&locks[k[i] % 8]);\n", "").replace(
            "        omp_unset_lock(&locks[k[i] % 8]);\n", "")]


# ---- harmless rewrites ---------------------------------------------------------------------------------------------
def test_schedule_change_and_where_it_is_not_safe():
    got = only(SUM, "schedule_change")
    assert len(got) == 1 and "schedule(static)" not in got[0] and "schedule(" in got[0]
    assert only(TWO_LOOPS.replace("schedule(static)", "schedule(static) nowait"), "schedule_change") == []
    per_thread = """\
#include <omp.h>
void partial(int n, const double *x, double *part)
{
    #pragma omp parallel
    {
        int t = omp_get_thread_num();
        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            part[t] += x[i];
    }
}
"""
    assert only(per_thread, "schedule_change") == []  # the region asks for thread numbers: mapping may matter


def test_collapse_only_rectangular_nests():
    rect = """\
void z(int n, int m, double *a)
{
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            a[i * m + j] = 0.0;
}
"""
    assert only(rect, "collapse") == [rect.replace("schedule(static)", "schedule(static) collapse(2)")]
    assert only(rect.replace("j = 0; j < m", "j = i; j < m"), "collapse") == []
    # a scan along the inner loop (found by TSan when collapse ignored it): iterations depend on each other
    scan = rect.replace("j = 0; j < m", "j = 1; j < m").replace("a[i * m + j] = 0.0;",
                                                                "a[i * m + j] += a[i * m + j - 1];")
    assert only(scan, "collapse") == []
    shared_slot = rect.replace("a[i * m + j] = 0.0;", "a[i] += 1.0;")
    assert only(shared_slot, "collapse") == []


def test_rename_reaches_clauses():
    got = only(SUM, "rename")
    assert len(got) == 1
    assert "reduction(+ : s_" in got[0] and "reduction(max : m_" in got[0]
    assert "double sum(int " in got[0]  # the function keeps its name


def test_loop_form():
    got = only(SUM, "loop_form")
    assert got == [SUM.replace("i++", "i += 1"), SUM.replace("i < n", "n > i")]


def test_mutant_record_and_expected_labels():
    ms = mutate(SUM, "c", parent="d/s/impl", file_name="impl.c")
    kinds = {m.operator: (m.kind, m.expected) for m in ms}
    assert kinds["drop_reduction"] == ("race", "race")
    assert kinds["schedule_change"] == ("harmless", "no race")
    m = next(m for m in ms if m.operator == "drop_reduction")
    assert m.id == "d/s/impl/drop_reduction-0" and m.line == 4
    assert m.diff.startswith("--- a/impl.c\n+++ b/impl.c\n") and "-    #pragma omp" in m.diff
    assert len({x.source for x in ms}) == len(ms)


def test_never_creates_taskloop_reductions():
    assert creates_known_false_positive(
        "void f(int n, double *s){\n#pragma omp taskloop reduction(+:s[0])\nfor(int i=0;i<n;i++) s[0]+=i;\n}\n", "c")
    assert not creates_known_false_positive(SUM, "c")


def test_unknown_operator_is_an_error():
    with pytest.raises(ValueError, match="unknown operator"):
        mutate(SUM, "c", operators=["drop_everything"])


def test_every_operator_fires_on_the_real_bank():
    from pcwm.problems import load_bank

    fired = set()
    for seed, impl in load_bank().impls():
        for m in mutate(impl.source, seed.language, parent=impl.id):
            fired.add(m.operator)
            assert not creates_known_false_positive(m.source, seed.language) or \
                creates_known_false_positive(impl.source, seed.language)
    assert fired == set(OPERATORS)
