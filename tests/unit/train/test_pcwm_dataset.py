"""Training on a dataset folder built by `pcwm dataset build` (the datasets part's real output format: Parquet
configs, one train split, SFT views), from the frozen sandbox records in tests/fixtures/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pcwm.train.config import load_and_check

REPO = Path(__file__).resolve().parents[3]
RECORDS = REPO / "tests" / "fixtures" / "data" / "tsan_records.jsonl"


@pytest.fixture(scope="module")
def built_dataset(tmp_path_factory):
    from pcwm.data.build import BuildOptions, build_dataset

    out = tmp_path_factory.mktemp("pcwm-dataset") / "tsan"
    build_dataset([str(RECORDS)], out, BuildOptions(decontaminate=False))
    return out


def test_no_cot_config_trains_with_a_problem_holdout(built_dataset, tmp_path, tiny_model_dir, one_thread,
                                                     monkeypatch):
    from pcwm.train.data import load_sft_dataset
    from pcwm.train.sft import main

    monkeypatch.chdir(REPO)
    args = load_and_check("recipes/tiny/tsan/sft.yaml", [
        "--dataset_name", str(built_dataset), "--dataset_config", "no_cot", "--dataset_test_size", "0.25",
        "--output_dir", str(tmp_path / "out"), "--push_to_hub_revision", "false", "--max_steps", "2",
        "--eval_limit", "2", "--eval_max_new_tokens", "8", "--disable_tqdm", "true",
    ])
    script_args = args[0]
    ds = load_sft_dataset(script_args)
    assert ds["train"].column_names == ["prompt", "completion"]  # one view only, as TRL needs
    records = [json.loads(line) for line in RECORDS.read_text().splitlines() if line.strip()]
    problem_of = {r["code"].strip(): r["problem_id"] for r in records}

    def problems(split):
        return {pid for row in ds[split] for code, pid in problem_of.items() if code in row["prompt"][0]["content"]}

    assert ds["test"].num_rows > 0 and not problems("train") & problems("test")  # whole problems held out
    again = load_sft_dataset(script_args)
    assert again["test"]["prompt"] == ds["test"]["prompt"]  # same split on every run

    metrics = main(*args, recipe="recipes/tiny/tsan/sft.yaml")
    assert metrics["heldout_n"] == 2 and metrics["train_samples"] == ds["train"].num_rows
