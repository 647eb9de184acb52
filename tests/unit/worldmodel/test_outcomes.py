"""The shared answer formats: what training targets render is what the scorers parse back."""

import pytest

from pcwm.worldmodel.outcomes import (
    OutcomeParseError,
    RegionWork,
    parse_tsan,
    parse_workpct,
    parse_workpct_pair,
    program_workpct,
    render_tsan_answer,
    render_workpct,
    render_workpct_pair,
)

RACES = [{"type": "read/write race", "locations": ["generated.c:14", "generated.c:17"]},
         {"type": "write/write race", "locations": ["generated.c:14"]}]


def test_tsan_round_trip_through_a_full_response():
    text = "<think>\nthe loop writes sum\n</think>\n" + render_tsan_answer(RACES)
    assert parse_tsan(text) == [
        {"type": "read/write race", "code_locations": ["generated.c:14", "generated.c:17"]},
        {"type": "write/write race", "code_locations": ["generated.c:14"]},
    ]


def test_tsan_empty_list_means_no_race():
    assert parse_tsan(render_tsan_answer([])) == []


def test_tsan_accepts_the_papers_single_quoted_form():
    text = "<answer>\n[{'type': 'read/write race', 'code_locations': ['generated.cc:14']}]\n</answer>"
    assert parse_tsan(text) == [{"type": "read/write race", "code_locations": ["generated.cc:14"]}]


@pytest.mark.parametrize("text", [
    "I think a[i] = [0, 1] is fine",  # a list in prose, no answer
    "<answer>\nno races, I believe\n</answer>",  # an answer without a list
    "<answer>\n[1, 2]\n</answer>",  # a list of the wrong thing
    "",
])
def test_tsan_unparseable_is_an_error_not_no_race(text):
    with pytest.raises(OutcomeParseError):
        parse_tsan(text)


def test_workpct_round_trip_and_rounding():
    regions = [RegionWork("#pragma omp parallel for\nfor (i = 0; i < n; i++) a[i] = i;", {4: 95.6, 16: 76.2}),
               RegionWork("#pragma omp parallel\n{ work(); }", {4: 50.0})]
    text = render_workpct(regions)
    assert "- For 4 threads, a work percentage of 96" in text
    back = parse_workpct(f"<answer>\n{text}\n</answer>")
    assert [r.work_pct for r in back] == [{4: 96.0, 16: 76.0}, {4: 50.0}]
    assert back[0].snippet.startswith("#pragma omp parallel for")
    assert program_workpct(back, 4) == 73.0 and program_workpct(back, 64) is None


def test_workpct_pair_round_trip():
    a, b = [RegionWork("x", {4: 90})], [RegionWork("y", {4: 40})]
    first, second = parse_workpct_pair(render_workpct_pair(a, b))
    assert first[0].work_pct == {4: 90.0} and second[0].work_pct == {4: 40.0}
    with pytest.raises(OutcomeParseError):
        parse_workpct_pair(render_workpct(a))
