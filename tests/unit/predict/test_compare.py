"""`pcwm predict --compare`: the real tool through the sandbox beside the prediction, on a racy and a race-free
DataRaceBench program, a snippet that does not compile, and the work-% profiler."""

from __future__ import annotations

import json

import pytest
from predict_inputs import SNIPPET, cli_outcome
from typer.testing import CliRunner

from pcwm.cli import app
from pcwm.models import ModelBase

CLI_TINY = ["--model", "tiny", "--cpu-threads", "1", "--max-tokens", "16"]


def _run(args, **kw):
    res = CliRunner().invoke(app, ["predict", *args], **kw)
    return res, json.loads(res.stdout) if "--json" in args and res.stdout.strip() else None


@pytest.mark.parametrize("name,status,verdict", [("DRB001-antidep1-orig-yes.c", "race", "race"),
                                                 ("DRB045-doall1-orig-no.c", "ok", "no race")])
def test_compare_tiny_model_against_tsan(drb, one_thread, name, status, verdict):
    res, out = _run([str(drb(name)), "--compare", "--json", "-n", "2", *CLI_TINY])
    pred = out["prediction"]
    assert (pred["n_unparseable"], res.exit_code) == cli_outcome(pred["raw"]), res.output
    truth = out["truth"]
    assert truth["status"] == status and truth["verdict"] == verdict
    if status == "race":
        assert [f"{name}:64"] in [r["code_locations"] for r in truth["races"]]
        assert all(row["found"] for row in out["rows"] if row["found_type"])
    else:
        assert truth["races"] == []
    expected = None if pred["verdict"] is None else pred["verdict"] == verdict
    assert out["agreement"]["verdict_match"] == expected


def test_compare_oracle_prediction_agrees_with_tsan(drb):
    res, out = _run([str(drb("DRB001-antidep1-orig-yes.c")), "--model", "baseline:oracle", "--compare", "--json"])
    assert res.exit_code == 0
    agr = out["agreement"]
    assert agr["verdict_match"] is True and agr["location_precision"] == 1.0 and agr["location_recall"] == 1.0


def test_compare_table_for_a_race_free_program(drb):
    res, _ = _run([str(drb("DRB045-doall1-orig-no.c")), "--model", "baseline:oracle", "--compare"],
                  env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "prediction vs ThreadSanitizer" in res.output and "no race (ok)" in res.output
    assert "verdict matches" in res.output


def test_compare_snippet_that_does_not_compile(one_thread):
    res, out = _run(["-", "--name", "kernel.c", "--compare", "--json", *CLI_TINY], input=SNIPPET)
    pred = out["prediction"]
    assert (pred["n_unparseable"], res.exit_code) == cli_outcome(pred["raw"]), res.output  # compile_error is no 4
    assert out["truth"]["status"] == "compile_error" and out["truth"]["verdict"] is None
    assert out["agreement"]["verdict_match"] is None
    assert "error" in out["truth"]["compile_stderr"]


WORK = """#include <stdio.h>
#include <omp.h>
#define N 200000
double a[N];
int main(void) {
  double s = 0;
#pragma omp parallel for schedule(static)
  for (int i = 0; i < N; i++) a[i] = i * 0.5;
#pragma omp parallel for reduction(+:s)
  for (int i = 0; i < N; i++) s += a[i];
  printf("%f\\n", s);
  return 0;
}
"""


def test_compare_workpct_with_the_profiler(tmp_path, one_thread):
    f = tmp_path / "work.c"
    f.write_text(WORK)
    res, out = _run([str(f), "--tool", "workpct", "--threads", "2,4", "--repeats", "1", "--compare", "--json",
                     *CLI_TINY])
    pred = out["prediction"]
    assert (pred["n_unparseable"], res.exit_code) == cli_outcome(pred["raw"], "workpct"), res.output
    truth = out["truth"]
    assert truth["status"] == "ok", truth
    assert sorted(r["lines"][0] for r in truth["regions"]) == [7, 9]
    for r in truth["regions"]:
        assert all(0 <= v <= 100 for v in r["work_pct"].values() if v is not None)
    assert len(out["rows"]) == len(out["prediction"]["regions"])


def test_workpct_measurement_rendered_as_an_answer_compares_exactly(tmp_path):
    """A perfect world model: the profiler's own outcome, written in the answer format, read back by the shared
    parser, aggregated and compared with the measurement: every region matched, error only from rounding."""
    from pcwm.predict.aggregate import aggregate_workpct
    from pcwm.predict.compare import compare_workpct, workpct_truth
    from pcwm.worldmodel.outcomes import RegionWork, render_workpct_pair

    outcome = workpct_truth(WORK, "work.c", threads=(2, 4), repeats=1)
    assert outcome.status == "ok", outcome.error
    regions = [RegionWork(r.snippet, {t: s.median for t, s in r.by_threads.items() if s.median is not None})
               for r in outcome.regions]
    text = f"<think>both loops are balanced</think>\n<answer>\n{render_workpct_pair(regions, regions)}\n</answer>"
    agg = aggregate_workpct([text, text], WORK)
    assert [r.line for r in agg["regions"]] == [7, 9]
    cmp = compare_workpct(agg["regions"], outcome, [2, 4])
    assert cmp["agreement"]["compared_values"] == 4 and cmp["agreement"]["measured_regions_not_predicted"] == []
    assert cmp["agreement"]["mean_abs_error"] <= 0.5


class MeasuredWorkpct(ModelBase):
    """A model whose answer is a real profile written in the answer format (the perfect Caliper world model)."""

    name, revision = "measured", "profile"

    def __init__(self, text: str):
        self.text = text

    def generate(self, prompts, n=1, **_):
        return [[self.text] * n for _ in prompts]


def test_workpct_prediction_and_comparison_render_as_tables(tmp_path):
    from rich.console import Console

    from pcwm.predict import predict
    from pcwm.predict.compare import compare_workpct, workpct_truth
    from pcwm.predict.render import render
    from pcwm.worldmodel.outcomes import RegionWork, render_workpct_pair

    outcome = workpct_truth(WORK, "work.c", threads=(2, 4), repeats=1)
    regions = [RegionWork(r.snippet, {t: s.median for t, s in r.by_threads.items()}) for r in outcome.regions]
    model = MeasuredWorkpct(f"<answer>\n{render_workpct_pair(regions, regions)}\n</answer>")
    pred = predict(WORK, tool="workpct", model=model, samples=2, threads=(2, 4), file_name="work.c")
    assert pred.confidence == 1.0 and [r.line for r in pred.regions] == [7, 9]
    for comparison in (None, compare_workpct(pred.regions, outcome, [2, 4])):
        console = Console(record=True, width=160)
        render(console, pred, WORK, comparison)
        text = console.export_text()
        assert "line 7: #pragma omp parallel for schedule(static)" in text and "4 threads" in text
        value = round(pred.regions[0].work_pct[4])
        assert (f"{value} / {value}" if comparison else f"{value} [{value}-{value}]") in text
