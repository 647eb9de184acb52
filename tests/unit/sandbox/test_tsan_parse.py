"""Parsing real TSan report text (produced with the sandbox's stack_trace_format)."""

from pcwm.sandbox.tsan import merge_races, parse_log, task_reuse_artifact

REPORT = """==================
WARNING: ThreadSanitizer: data race (pid=2631)
  Write of size 4 at 0x7ffc33a5fd68 by thread T2:
#0|.omp_outlined._debug__|/tmp/w/harness.c:30:5|30|5|(prog+0xd3f18) (BuildId: 19)
#1|solve|/tmp/w/generated.c:14:26|14|26|(prog+0xd3f18) (BuildId: 19)
#2|__kmp_invoke_microtask|<null>|0|0|(libomp.so.5+0xd5f82) (BuildId: 05)

  Previous read of size 4 at 0x7ffc33a5fd68 by main thread:
#0|solve|/tmp/w/generated.c:12:9|12|9|(prog+0xd3f18) (BuildId: 19)
#1|main|/tmp/w/harness.c:4:1|4|1|(prog+0xd3d95) (BuildId: 19)

  Location is global 'total' of size 4 at 0x55d0 (prog+0x1234)

  Thread T2 (tid=2634, running) created by main thread at:
#0|pthread_create|<null>|0|0|(prog+0x4d6eb) (BuildId: 19)
#1|<null>|/tmp/w/generated.c:99:1|99|1|(libomp.so.5+0xae9df) (BuildId: 05)

SUMMARY: ThreadSanitizer: data race /tmp/w/generated.c:14:26 in solve
==================
"""


def test_locations_are_mapped_to_candidate_file_not_harness():
    races, n = parse_log(REPORT, ["generated.c"])
    assert n == 1
    assert len(races) == 1
    r = races[0]
    assert r.type == "read/write race"
    assert r.locations == ["generated.c:12", "generated.c:14"]  # harness frame skipped, thread-creation frame ignored
    assert r.variable == "total"


def test_duplicates_merge_by_unordered_pair_and_count():
    races, n = parse_log(REPORT * 3, ["generated.c"])
    assert n == 3 and len(races) == 1 and races[0].count == 3


def test_write_write_and_atomic_reports():
    ww = REPORT.replace("Previous read", "Previous write")
    races, _ = parse_log(ww, ["generated.c"])
    assert races[0].type == "write/write race"
    atomic = REPORT.replace("Previous read", "Previous atomic read")
    races, _ = parse_log(atomic, ["generated.c"])
    assert races[0].type == "read/write race"


def test_report_outside_candidate_is_dropped():
    races, n = parse_log(REPORT, ["other.c"])
    assert n == 1 and races == []


def test_non_race_warnings_are_ignored():
    text = "==================\nWARNING: ThreadSanitizer: signal-unsafe call inside of a signal (pid=1)\n" \
           "#0|malloc|<null>|0|0|(x)\n==================\n"
    assert parse_log(text, ["generated.c"]) == ([], 0)


def test_merge_keeps_distinct_types_apart():
    races, _ = parse_log(REPORT + REPORT.replace("Previous read", "Previous write"), ["generated.c"])
    assert sorted(r.type for r in merge_races(races)) == ["read/write race", "write/write race"]


# The shape of Archer's task-memory reuse artifact (as DRB100 produces it at 8 threads): the new task's creation writes
# its firstprivate copy at the task directive (line 5) over memory that an earlier task read in its body (line 7) on
# another thread; the memory is a heap block of libomp's own task pool.
TASK_SOURCE = """#include <stdio.h>
int a[100];
void spawn(int i)
{
#pragma omp task
  {
    a[i] = i + 1;
  }
}
"""

ARTIFACT = """==================
WARNING: ThreadSanitizer: data race (pid=31170)
  Write of size 4 at 0x7faa4b2ab168 by thread T7:
#0|spawn|/tmp/w/generated.c:5:1|5|1|(prog+0xd6f7b) (BuildId: 41)
#1|.omp_outlined._debug__|/tmp/w/generated.c:20:9|20|9|(prog+0xd7319) (BuildId: 41)
#2|__kmp_invoke_microtask|<null>|0|0|(libomp.so.5+0xd5f82) (BuildId: 05)

  Previous read of size 4 at 0x7faa4b2ab168 by thread T1:
#0|.omp_outlined.|/tmp/w/generated.c:7:11|7|11|(prog+0xd70b7) (BuildId: 41)
#1|.omp_task_entry.|/tmp/w/generated.c:5:1|5|1|(prog+0xd70b7)
#2|<null>|<null>|0|0|(libomp.so.5+0x65581) (BuildId: 05)

  Location is heap block of size 1048576 at 0x7faa4b1b1000 allocated by thread T7:
#0|malloc|<null>|0|0|(prog+0x4ca0c) (BuildId: 41)
#1|<null>|<null>|0|0|(libomp.so.5+0x1e9e3) (BuildId: 05)
#2|.omp_outlined._debug__|/tmp/w/generated.c:20:9|20|9|(prog+0xd7319) (BuildId: 41)

  Thread T7 (tid=31178, running) created by main thread at:
#0|pthread_create|<null>|0|0|(prog+0x4e73b) (BuildId: 41)
#1|<null>|<null>|0|0|(libomp.so.5+0xae9df) (BuildId: 05)

SUMMARY: ThreadSanitizer: data race /tmp/w/generated.c:5:1 in spawn
==================
"""


def test_task_memory_reuse_artifact_is_left_out_given_the_source():
    sources = {"generated.c": TASK_SOURCE}
    assert task_reuse_artifact(ARTIFACT, sources)
    races, n = parse_log(ARTIFACT, ["generated.c"], sources)
    assert races == [] and n == 1
    # without the source nothing is filtered
    races, _ = parse_log(ARTIFACT, ["generated.c"])
    assert [r.locations for r in races] == [["generated.c:5", "generated.c:7"]]


def test_races_that_only_look_like_the_artifact_are_kept():
    sources = {"generated.c": TASK_SOURCE}
    user_heap = ARTIFACT.replace(
        "#1|<null>|<null>|0|0|(libomp.so.5+0x1e9e3)", "#1|main|/tmp/w/generated.c:18:3|18|3|(prog+0x1)"
    )
    assert not task_reuse_artifact(user_heap, sources)  # memory the program allocated itself
    not_a_directive = {"generated.c": TASK_SOURCE.replace("#pragma omp task", "#pragma omp taskwait")}
    assert not task_reuse_artifact(ARTIFACT, not_a_directive)
    read_at_directive = ARTIFACT.replace("Write of size 4", "Read of size 4").replace("Previous read", "Previous write")
    assert not task_reuse_artifact(read_at_directive, sources)  # capturing a shared value is a real access
    global_var = ARTIFACT.replace("Location is heap block of size 1048576 at 0x7faa4b1b1000", "Location is global 'a'")
    assert not task_reuse_artifact(global_var, sources)
    assert len(parse_log(user_heap, ["generated.c"], sources)[0]) == 1
