"""The static world model on the leaderboard: run by the real suites beside TSan's oracle and a baseline, it gets a
row of its own on DataRaceBench and a feedback column of its own on racefix (issue 21's "done when")."""

from __future__ import annotations

import pytest

from pcwm.evals.run import run_suite
from pcwm.evals.tasks.base import ProgramSelection, Sampling, TsanSpec
from pcwm.evals.tasks.dataracebench import DataRaceBenchSuite
from pcwm.evals.tasks.racefix import RaceFixSuite
from pcwm.leaderboard import build
from pcwm.models import make_model


def _rows(md: str, heading: str) -> dict[str, list[str]]:
    """The table under a `### ...` heading that contains `heading`, as first cell -> the other cells."""
    section = next(s for s in md.split("\n### ") if heading in s.split("\n", 1)[0])
    lines = [ln for ln in section.splitlines() if ln.startswith("| ") and not ln.startswith("| ---")]
    return {cells[0]: cells[1:] for cells in ([c.strip() for c in ln.strip("|").split("|")] for ln in lines)}


@pytest.mark.needs_data("dataracebench")
def test_static_beside_oracle_and_baseline_on_dataracebench_and_racefix(tmp_path, bench):
    data = bench("dataracebench")
    results = tmp_path / "results"
    drb = DataRaceBenchSuite(name="dataracebench", programs=ProgramSelection(ids=[1, 22, 45]),
                             sampling=Sampling(n=1))
    for spec in ("static", "baseline:oracle", "baseline:never-race"):
        run_suite(drb, make_model(spec, tsan=drb.sandbox), results, model_spec=spec, data_dir=data,
                  confirm_unsafe=True)
    fix = RaceFixSuite(name="racefix", programs=ProgramSelection(subset="racy_clean", ids=[1, 22]),
                       feedback=["none", "oracle", "world_model"], sandbox=TsanSpec(timeout_s=20),
                       sampling=Sampling(n=1, max_tokens=32), feedback_sampling=Sampling(n=1, max_tokens=16))
    run_suite(fix, make_model("baseline:critical"), results, data_dir=data, confirm_unsafe=True,
              world_models=[make_model("static")])

    build([results], tmp_path / "board")
    md = (tmp_path / "board" / "leaderboard.md").read_text()
    board = _rows(md, "dataracebench")
    assert {"static", "baseline:oracle", "baseline:never-race"} <= board.keys()
    header = board["model"]
    accuracy = header.index("accuracy %")
    # DRB001 and DRB022 are racy, DRB045 race-free: the static model and TSan decide all three, the baseline one
    assert board["static"][accuracy] == "100.0" and board["baseline:oracle"][accuracy] == "100.0"
    assert board["baseline:never-race"][accuracy] == "33.3"
    fixes = _rows(md, "racefix")
    columns = fixes["actor"]
    assert {"none", "oracle", "world_model:static"} <= set(columns)
    row = fixes["baseline:critical"]
    # the static model names the racy lines, so the critical-section actor fixes both programs, as with TSan's report
    assert row[columns.index("world_model:static")] == "100.0" == row[columns.index("oracle")]
    assert row[columns.index("none")] == "0.0"

