"""Nested, seeded, by-problem subsets of a built dataset (the data-size ablation), as configs of the same folder."""

from __future__ import annotations

import subprocess
import sys

import pytest
from data_fixtures import write_jsonl

from pcwm.data.build import BuildOptions, build_dataset
from pcwm.data.subsets import SubsetError, make_subsets, parse_sizes


@pytest.fixture
def built(tmp_path, tsan_records):
    src = write_jsonl(tmp_path / "records.jsonl", tsan_records)
    out = tmp_path / "ds"
    build_dataset([str(src)], out, BuildOptions(decontaminate=False, near_dup_threshold=None))
    return out


def _rows(folder, config):
    from datasets import load_dataset

    return load_dataset(str(folder), config, split="train").to_list()


def test_subsets_nest_and_keep_problems_together(built):
    full = _rows(built, "no_cot")
    figures = make_subsets(built, [10, 20, 30], configs=["no_cot"], seed=0)["no_cot"]
    subsets = {k: _rows(built, f"no_cot_{k}") for k in ("10", "20", "30")}
    ids = {k: [r["id"] for r in v] for k, v in subsets.items()}
    assert [len(ids[k]) for k in ("10", "20", "30")] == [10, 20, 30]
    assert set(ids["10"]) < set(ids["20"]) < set(ids["30"]) <= {r["id"] for r in full}
    per_problem = {}
    for r in full:
        per_problem.setdefault(r["provenance"]["problem_id"], set()).add(r["id"])
    for k, rows in subsets.items():
        problems = {r["provenance"]["problem_id"] for r in rows}
        assert figures[k]["problems"] == len(problems)
        cut = [p for p in problems if not per_problem[p] <= set(ids[k])]
        assert len(cut) <= 1  # whole problems, only the last one may be cut to hit the size exactly


def test_subsets_are_seeded_fractions_work_and_the_card_lists_them(built):
    a = make_subsets(built, [0.5], configs=["no_cot"], seed=0)
    first = [r["id"] for r in _rows(built, "no_cot_50pct")]
    make_subsets(built, [0.5], configs=["no_cot"], seed=0)
    assert [r["id"] for r in _rows(built, "no_cot_50pct")] == first
    make_subsets(built, [0.5], configs=["no_cot"], seed=7)
    assert set(r["id"] for r in _rows(built, "no_cot_50pct")) != set(first)
    assert a["no_cot"]["50pct"]["rows"] == round(0.5 * len(_rows(built, "no_cot")))
    assert "config_name: no_cot_50pct" in (built / "README.md").read_text()


def test_bad_sizes_and_configs_are_named(built):
    with pytest.raises(SubsetError, match="size 'x'"):
        parse_sizes("6k,x")
    assert parse_sizes("6k, 13k,27000") == [6000, 13000, 27000]
    with pytest.raises(SubsetError, match="no config 'hindsight'"):
        make_subsets(built, [5], configs=["hindsight"])
    with pytest.raises(SubsetError, match="rows asked"):
        make_subsets(built, [10**6], configs=["no_cot"])


def test_subset_cli(built):
    out = subprocess.run([sys.executable, "-m", "pcwm.cli", "dataset", "subset", str(built), "--sizes", "5,10",
                          "--config", "no_cot", "--json"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert len(_rows(built, "no_cot_5")) == 5 and len(_rows(built, "no_cot_10")) == 10
