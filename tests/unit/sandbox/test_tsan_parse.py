"""Parsing real TSan report text (produced with the sandbox's stack_trace_format)."""

from pcwm.sandbox.tsan import merge_races, parse_log

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
