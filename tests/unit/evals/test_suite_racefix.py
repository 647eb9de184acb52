"""The racefix loop on real racy DRB programs: TSan feedback lets a rule-based actor fix races that it cannot fix
without feedback; an unchanged program stays racy; a model actor's rows carry the verdicts."""

from __future__ import annotations

import pytest

from pcwm.evals.baselines import wrap_in_critical
from pcwm.evals.run import UnsafeCodeNotConfirmed, run_suite
from pcwm.evals.scoring import score_dirs
from pcwm.evals.store import SuiteStore
from pcwm.evals.tasks.base import ProgramSelection, Sampling, TsanSpec
from pcwm.evals.tasks.racefix import RaceFixSuite
from pcwm.models import make_model


def _suite(**kw):
    return RaceFixSuite(name="fix-test", programs=ProgramSelection(subset="racy_clean", ids=[1, 9, 22]),
                        sandbox=TsanSpec(timeout_s=20), sampling=Sampling(n=1, max_tokens=32),
                        feedback_sampling=Sampling(n=1, max_tokens=16), **kw)


def test_wrap_in_critical_only_wraps_statements():
    src = "for (i=0;i<n;i++)\n  a[i]=a[i+1]+1;\nreturn 0;\n"
    want = "for (i=0;i<n;i++)\n  #pragma omp critical\n  a[i]=a[i+1]+1;\nreturn 0;\n"
    assert wrap_in_critical(src, [1, 2, 3]) == want


@pytest.mark.needs_data("dataracebench")
def test_feedback_sources_and_verdicts(tmp_path):
    suite = _suite(feedback=["none", "oracle", "world_model"])
    wm = make_model("baseline:never-race")
    with pytest.raises(UnsafeCodeNotConfirmed):
        run_suite(suite, make_model("baseline:critical"), tmp_path, world_models=[wm])
    for actor in ("baseline:critical", "baseline:unchanged"):
        run_suite(suite, make_model(actor), tmp_path, confirm_unsafe=True, world_models=[wm])
    rates = {(r["actor"], r["feedback"]): r for r in score_dirs([tmp_path / "fix-test"])["racefix_rates"]}
    assert rates[("baseline:critical", "oracle")]["race_free_pct"] >= 2 / 3 * 100
    assert rates[("baseline:critical", "none")]["race_free_pct"] == 0
    assert rates[("baseline:critical", "world_model:baseline:never-race")]["race_free_pct"] == 0
    assert all(rates[("baseline:unchanged", f)]["race_free_pct"] == 0 for f in ("none", "oracle"))
    rows = SuiteStore(tmp_path, "fix-test").read("baseline:critical")
    fixed = [r for r in rows if r["fixed"]]
    assert fixed and all("#pragma omp critical" in r["fixed_code"] and r["status"] == "ok" for r in fixed)
    assert all("ThreadSanitizer" in r["feedback_text"] for r in rows if r["feedback"] == "oracle")
    # resumable: nothing left to do
    assert run_suite(suite, make_model("baseline:critical"), tmp_path, confirm_unsafe=True,
                     world_models=[wm]) == 0


@pytest.mark.needs_data("dataracebench")
def test_model_actor_with_self_and_world_model_feedback(tmp_path):
    suite = _suite(feedback=["self", "world_model"])
    tiny = make_model("tiny", threads=1)
    assert run_suite(suite, tiny, tmp_path, confirm_unsafe=True, world_models=[tiny]) == 6
    rows = SuiteStore(tmp_path, "fix-test").read("tiny")
    assert {r["feedback"] for r in rows} == {"self", "world_model"}
    assert all(r["status"] in ("no_code", "compile_error", "ok", "race", "runtime_error", "timeout") for r in rows)
    assert all(r["fixed"] == (r["status"] == "ok") for r in rows)
