"""Suite YAMLs: every file in eval_suites/ loads into its dataclass; includes, unknown keys and bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcwm.evals.suites import SuiteError, list_suites, load_suite, run_needs, validate_suite
from pcwm.worldmodel.prompts import code_language, extract_code, strip_comments

REPO = Path(__file__).resolve().parents[3]


def test_every_suite_yaml_loads_and_validates():
    paths = list_suites(REPO / "eval_suites")
    assert {p.stem for p in paths} >= {"dataracebench", "pareval_caliper", "racefix"}
    for p in paths:
        suite = load_suite(p)
        assert validate_suite(suite) == [], p


def test_paper_protocol_and_variants_by_include():
    drb = load_suite(REPO / "eval_suites" / "dataracebench.yaml")
    assert (drb.sampling.n, drb.sampling.temperature) == (16, 0.6)
    smoke = load_suite(REPO / "eval_suites" / "dataracebench-smoke.yaml")
    assert smoke.name == "dataracebench-smoke" and smoke.sampling.n == 2
    assert smoke.sampling.temperature == 0.6  # inherited
    assert smoke.sandbox.threads == [4, 8, 2]
    cal = load_suite(REPO / "eval_suites" / "pareval_caliper.yaml")
    assert cal.profile.threads == [4, 16, 64, 128] and cal.gap_buckets == [10.0, 20.0, 30.0, 40.0]
    assert run_needs(cal) and not run_needs(cal, solution_model="openai:gpt-4.1-mini")


def test_unknown_keys_and_wrong_types_are_named(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: dataracebench\nsampling:\n  n: 2\n  temprature: 0.5\n")
    with pytest.raises(SuiteError, match="temprature"):
        load_suite(bad)
    bad.write_text("kind: dataracebench\nsampling:\n  n: two\n")
    with pytest.raises(SuiteError, match="sampling.n: Input should be a valid integer"):
        load_suite(bad)
    bad.write_text("kind: nope\n")
    with pytest.raises(SuiteError, match="kind must be one of"):
        load_suite(bad)
    loop = tmp_path / "loop.yaml"
    loop.write_text("include: loop.yaml\nkind: racefix\n")
    with pytest.raises(SuiteError, match="cycle"):
        load_suite(loop)


def test_validate_reports_missing_template_and_bad_choices_fail_to_load(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("kind: dataracebench\nprompt_template: nowhere.j2\n")
    assert any("nowhere.j2" in x for x in validate_suite(load_suite(p)))
    p.write_text("kind: dataracebench\nprograms: {subset: some}\n")
    with pytest.raises(SuiteError, match="programs.subset"):
        load_suite(p)
    p.write_text("kind: racefix\nfeedback: [none, psychic]\n")
    with pytest.raises(SuiteError, match="feedback.1"):
        load_suite(p)


def test_strip_comments_keeps_line_numbers_and_strings():
    src = '/* header\n   race at line 5 */\nint a; // x\nchar *s = "// not a comment";\nint b;\n'
    out = strip_comments(src)
    assert out.count("\n") == src.count("\n")
    lines = out.split("\n")
    assert lines[0] == "" and lines[2] == "int a;" and lines[3] == 'char *s = "// not a comment";'
    assert lines[4] == "int b;"


def test_extract_code_prefers_the_language_block():
    text = "Here:\n```text\nnope\n```\n```c\nint main(){}\n```\n"
    assert extract_code(text, "c") == "int main(){}\n"
    assert extract_code("no code", "c") is None
    assert code_language("x.cpp") == "cpp" and code_language("x.c") == "c"
