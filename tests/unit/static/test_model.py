"""The static model behind `-m static`: a model of pcwm.models, `pcwm predict`, racefix feedback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcwm.models import make_model, parse_spec
from pcwm.predict.generation import build_prompt
from pcwm.static.model import StaticModel
from pcwm.worldmodel.outcomes import OutcomeParseError, parse_tsan

CASES = Path(__file__).resolve().parents[2] / "static_cases"
RACY = (CASES / "missing_private_race.c").read_text()


def test_static_spec_resolves_to_the_static_model():
    assert parse_spec("static") == ("static", "", "")
    gen = make_model("static")
    assert isinstance(gen, StaticModel) and gen.name == "static"


def test_answer_is_tsan_format_with_the_rule_in_the_reasoning():
    prompt = build_prompt("tsan", RACY, "generated.c", "c")
    text = StaticModel().generate([prompt], n=2)[0]
    assert text[0] == text[1]
    races = parse_tsan(text[0])
    assert races and all(loc.startswith("generated.c:") for r in races for loc in r["code_locations"])
    assert "rule shared-scalar-in-loop" in text[0].split("</think>")[0]


def test_answer_depends_on_the_code_only_not_names_or_comments():
    model = StaticModel()
    base = model.generate([build_prompt("tsan", RACY, "generated.c", "c")])[0][0]
    renamed = build_prompt("tsan", RACY, "generated.c", "c")
    renamed.meta.update(file_name="DRB999-x-no.c", path="/nowhere/DRB999-x-no.c", item_id="DRB999-x-no.c")
    commented = RACY.replace("t = x[i] * 2.0;", "t = x[i] * 2.0; /* race-free: t is private */")
    assert model.generate([renamed])[0][0] == base
    assert model.generate([build_prompt("tsan", commented, "generated.c", "c")])[0][0] == base


def test_cannot_decide_is_not_a_no_race_answer():
    from pcwm.evals.tasks.dataracebench import parse_prediction

    code = (CASES / "unknown_directive.c").read_text()
    text = StaticModel().generate([build_prompt("tsan", code, "generated.c", "c")])[0][0]
    with pytest.raises(OutcomeParseError):
        parse_tsan(text)
    assert parse_prediction(text)["parsed"] is False
    assert "cannot decide" in text


def test_workpct_prompts_are_refused():
    from pcwm.predict import predict

    with pytest.raises(ValueError, match="race prompts only"):
        predict(RACY, tool="workpct", model="static")
    prompt = build_prompt("workpct", RACY, "generated.c", "c")
    with pytest.raises(ValueError):
        StaticModel().generate([prompt])


def test_predict_with_the_static_model():
    from pcwm.predict import predict

    pred = predict(RACY, model="static", file_name="solver.c")
    assert pred.verdict == "race" and pred.parsed_ok
    assert {loc.split(":")[0] for r in pred.races for loc in r.code_locations} == {"solver.c"}
    assert "rule" in (pred.reasoning or "")
    assert predict((CASES / "reduction_ok.c").read_text(), model="static").verdict == "no race"


def test_racefix_feedback_from_the_static_model_names_lines_the_actor_uses():
    from pcwm.evals.baselines import CriticalSectionActor, _feedback_lines
    from pcwm.evals.tasks.base import Sampling
    from pcwm.evals.tasks.racefix import feedback_texts

    prompt = build_prompt("tsan", (CASES / "team_write_race.c").read_text(), "generated.c", "c")
    prompt.meta["task"] = "racefix_feedback"
    fb = feedback_texts("world_model", [prompt], CriticalSectionActor(), StaticModel(), None, Sampling(n=1))
    assert _feedback_lines(fb[0]) == [6]


def test_dataracebench_suite_runs_without_executing_code(tmp_path, bench):
    from pcwm.evals.run import run_suite
    from pcwm.evals.scoring import score_dirs
    from pcwm.evals.tasks.base import ProgramSelection, Sampling
    from pcwm.evals.tasks.dataracebench import DataRaceBenchSuite

    suite = DataRaceBenchSuite(name="drb-static", programs=ProgramSelection(limit=12), sampling=Sampling(n=2))
    n = run_suite(suite, make_model("static"), tmp_path, model_spec="static",
                  data_dir=bench("dataracebench"))
    assert n == 24
    summary = {r["subset"]: r for r in score_dirs([tmp_path / "drb-static"])["drb_summary"]}
    assert summary["overall"]["programs"] == 12 and summary["overall"]["samples"] == 24
