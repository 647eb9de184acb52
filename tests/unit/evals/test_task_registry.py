"""A new suite kind is one file: a tiny Task subclass registered here runs end to end (load with include,
validate, run, score through the CLI, leaderboard, model-card entries) with no edit anywhere else in pcwm."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pytest
from pydantic import Field
from typer.testing import CliRunner

from pcwm.cli import app
from pcwm.evals.publish import results_for
from pcwm.evals.run import COMMON_FIELDS, generate_rows, run_suite
from pcwm.evals.suites import SuiteError, load_suite, validate_suite
from pcwm.evals.tasks import get_task, kinds, register_task, unregister_task
from pcwm.evals.tasks.base import Sampling, SuiteConfig, Table, Task
from pcwm.leaderboard import build
from pcwm.worldmodel.prompts import user_prompt

# ---- the new suite kind: everything it needs is in this block ------------------------------------------------------


class ParitySuite(SuiteConfig):
    """Is the number even? A toy kind: items are integers, the answer is 'even' or 'odd'."""

    kind: Literal["parity"] = "parity"
    prompt_template: str
    numbers: list[int] = Field(default_factory=list)
    answer_format: Literal["word"] = "word"


PARITY_GEN = pa.schema([*COMMON_FIELDS, pa.field("correct", pa.bool_())])
PARITY_ITEMS = pa.schema([pa.field("item_id", pa.string()), pa.field("even", pa.bool_())])


class ParityTask(Task):
    kind = "parity"
    Config = ParitySuite
    sql = ("parity_accuracy",)

    def run(self, gen, store, *, data_dir=None, batch=8, on_progress=None, suite_hash=""):
        nums = self.config.numbers
        store.write_items([{"item_id": str(n), "even": n % 2 == 0} for n in nums], PARITY_ITEMS)
        prompts = [user_prompt(self.config.prompt_template, {"item_id": str(n), "n": n}, n=n) for n in nums]
        return generate_rows(store, gen, prompts, self.config.sampling,
                             lambda p, text: {"correct": text.strip() == ("even" if p.meta["n"] % 2 == 0 else "odd")},
                             PARITY_GEN, suite_hash=suite_hash, batch=batch, on_progress=on_progress)

    @classmethod
    def sql_text(cls, metric):
        return "SELECT model, count(*) AS samples, avg(correct::INT) AS accuracy FROM generations GROUP BY model"

    @classmethod
    def table(cls, suite, scores):
        return Table(f"Parity — {suite}", ["model", "accuracy %"],
                     [[r["model"], f"{100 * r['accuracy']:.1f}"] for r in scores["parity_accuracy"]])

    @classmethod
    def card_entries(cls, scores, model):
        return [{"metric_type": "accuracy", "metric_name": "parity accuracy %", "metric_value": 100 * r["accuracy"]}
                for r in scores["parity_accuracy"] if r["model"] == model]


# ---------------------------------------------------------------------------------------------------------------------


class AlwaysEven:
    """A stand-in model that answers 'even' to everything."""

    name, revision = "always-even", "r0"

    def generate(self, prompts, n=1, temperature=0.6, top_p=0.95, max_tokens=16):
        return [["even"] * n for _ in prompts]


@pytest.fixture
def parity(tmp_path):
    register_task(ParityTask)
    (tmp_path / "parity.j2").write_text("Is {{ n }} even or odd? Answer with one word.\n")
    (tmp_path / "base.yaml").write_text(f"kind: parity\nprompt_template: {tmp_path / 'parity.j2'}\n"
                                        "numbers: [1, 2, 3, 4, 5, 6, 7]\nsampling: {n: 2}\n")
    (tmp_path / "parity-small.yaml").write_text("include: base.yaml\nnumbers: [2, 3, 4, 6]\n")
    try:
        yield tmp_path
    finally:
        unregister_task("parity")


def test_a_registered_kind_loads_validates_runs_and_scores(parity):
    assert "parity" in kinds() and get_task("parity") is ParityTask
    suite = load_suite(parity / "parity-small.yaml")
    assert isinstance(suite, ParitySuite) and suite.numbers == [2, 3, 4, 6] and suite.sampling == Sampling(n=2)
    assert validate_suite(suite) == []
    (parity / "bad.yaml").write_text("include: base.yaml\nanswer_format: emoji\n")
    with pytest.raises(SuiteError, match="answer_format"):
        load_suite(parity / "bad.yaml")

    results = parity / "results"
    assert run_suite(suite, AlwaysEven(), results) == 8  # 4 numbers x 2 samples
    assert run_suite(suite, AlwaysEven(), results) == 0  # resumable like every kind
    res = CliRunner().invoke(app, ["eval", "score", "parity-small", "-o", str(results), "--json",
                                   str(parity / "s.json")])
    assert res.exit_code == 0, res.output
    (row,) = json.loads((parity / "s.json").read_text())["parity-small"]["parity_accuracy"]
    assert row == {"model": "always-even", "samples": 8, "accuracy": 0.75}

    board = build([results], parity / "board", reported=False)
    assert "| always-even | 75.0 |" in (parity / "board" / "leaderboard.md").read_text()
    assert board.tables[0].suite == "parity-small"
    assert Path(parity / "board" / "tables" / "board--parity-small.parquet").exists()
    model, (entry,) = results_for([results])
    assert model == "always-even" and entry.metric_value == 75.0 and entry.dataset_config == "parity-small"


def test_an_unknown_kind_names_the_known_ones(tmp_path):
    (tmp_path / "x.yaml").write_text("kind: parity\n")
    with pytest.raises(SuiteError, match="kind must be one of .*dataracebench"):
        load_suite(tmp_path / "x.yaml")
