"""Pipelines end to end: built from every recipe, dumped and reloaded, run on a small subset, summarised."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pcwm.config import load_recipe
from pcwm.pipelines.builders import build_pipeline
from pcwm.pipelines.run import dump_pipeline, load_summary, run_recipe

REPO = Path(__file__).resolve().parents[3]
RECIPES = REPO / "recipes" / "generate"

LEAVES = {
    "offline": {"candidates", "no_cot"},
    "tsan": {"candidates", "no_cot", "hindsight", "hindsight_cot_log"},
    "tsan-gpt-oss-20b": {"candidates", "no_cot", "hindsight", "hindsight_cot_log"},
    "tsan-tiny": {"candidates", "no_cot", "hindsight", "no_hindsight", "hindsight_cot_log", "no_hindsight_cot_log"},
    "tsan-endpoint": {"candidates", "no_cot", "hindsight", "hindsight_cot_log"},
    "caliper": {"candidates", "pairs_no_cot", "pairs_hindsight", "pair_cot_log"},
    "caliper-tiny": {"candidates", "pairs_no_cot", "pairs_hindsight", "pair_cot_log"},
}
SMALL_OFFLINE = {"problems.limit": 1, "candidates.mutations.operators": ["drop_reduction", "schedule_change"],
                 "candidates.mutations.max_per_impl": 1, "sandbox.threads": [4]}


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_every_recipe_builds_dumps_and_reloads(name, tmp_path):
    from distilabel.pipeline import Pipeline

    pipeline = build_pipeline(load_recipe(RECIPES / f"{name}.yaml"))
    assert set(pipeline.dag.leaf_steps) == LEAVES[name]
    path = dump_pipeline(pipeline, tmp_path / f"{name}.yaml")
    text = path.read_text()
    assert "http" not in text.replace("https://distilabel", "") and "/tmp/" not in text
    again = Pipeline.from_yaml(path)
    assert set(again.dag) == set(pipeline.dag)


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_shipped_pipeline_yaml_matches_its_recipe(name, tmp_path):
    """pipelines/<name>.yaml is what `pcwm generate --recipe recipes/generate/<name>.yaml --dump` writes."""
    fresh = dump_pipeline(build_pipeline(load_recipe(RECIPES / f"{name}.yaml")), tmp_path / "p.yaml").read_text()
    assert (REPO / "pipelines" / f"{name}.yaml").read_text() == fresh, f"regenerate pipelines/{name}.yaml"


def test_offline_pipeline_end_to_end_and_rerun_from_cache(tmp_path):
    from distilabel.distiset import Distiset

    from pcwm.pipelines.steps import MutationCandidates
    from pcwm.pipelines.steps.seeds import load_rows

    recipe = load_recipe(RECIPES / "offline.yaml", {**SMALL_OFFLINE, "output.dir": str(tmp_path / "out")})
    report = run_recipe(recipe)
    s = report.summary
    d = Distiset.load_from_disk(report.output_dir)
    cands = d["candidates"]["train"]
    step = MutationCandidates(name="m", operators=["drop_reduction", "schedule_change"], max_sites=1)
    step.load()
    expected = {r["origin"] for b in step.process(load_rows(limit=1)) for r in b}
    assert set(cands["origin"]) == expected and len(cands) == len(expected) == s["candidates"]
    assert s["problems"] == 1 and s["compile_rate"] == 1.0 and s["sandbox_errors"] == 0
    assert s["status"].get("race", 0) >= 1 and 0 < s["race_rate"] < 1
    assert s["rows_no_cot"] == s["labelled"] == len(d["no_cot"]["train"])
    assert load_summary(report.output_dir) == s
    again = run_recipe(recipe)  # a finished run is read back from distilabel's cache
    assert again.summary["candidates"] == s["candidates"] and again.wall_s < report.wall_s


def test_distilabel_cli_runs_a_dumped_pipeline(tmp_path):
    recipe = load_recipe(RECIPES / "offline.yaml", SMALL_OFFLINE)
    path = dump_pipeline(build_pipeline(recipe), tmp_path / "offline.yaml")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "distilabel"), "pipeline", "run", "--config", str(path)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_tsan_pipeline_with_the_tiny_model(tmp_path):
    from distilabel.distiset import Distiset

    recipe = load_recipe(RECIPES / "tsan-tiny.yaml", {
        "problems.limit": 1, "candidates.mutations.operators": ["drop_reduction"], "sandbox.threads": [4],
        "output.dir": str(tmp_path / "out"), "models.tiny.generation": {"max_new_tokens": 24},
    })
    report = run_recipe(recipe)
    s = report.summary
    d = Distiset.load_from_disk(report.output_dir)
    gens = set(d["candidates"]["train"]["generator"])
    assert {"tiny", "seed", "mutation"} <= gens
    assert s["status"].get("compile_error", 0) >= 1  # the tiny model's noise, recorded as candidate rows
    assert s["cot_hindsight_generated"] == s["labelled"] and s["cot_hindsight_acceptance"] == 0.0
    assert s["rows_no_cot"] == s["labelled"]


def test_generate_cli_errors_and_dump_only(tmp_path):
    pcwm = [sys.executable, "-m", "pcwm.cli"]
    wide = {**os.environ, "COLUMNS": "400"}  # without a terminal, rich wraps error boxes at 80 columns
    bad = subprocess.run([*pcwm, "generate", "--recipe", str(RECIPES / "offline.yaml"), "--set", "sandbox.treads=[4]"],
                         capture_output=True, text=True, timeout=120, env=wide)
    assert bad.returncode == 2 and "sandbox.treads: unknown key" in bad.stderr
    out = tmp_path / "p.yaml"
    ok = subprocess.run([*pcwm, "generate", "--recipe", str(RECIPES / "offline.yaml"), "--dump", str(out),
                         "--dump-only"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and out.exists() and "LoadSeedBank" in out.read_text()
    missing = subprocess.run([*pcwm, "generate", "summary", str(tmp_path)], capture_output=True, text=True,
                             timeout=120, env=wide)
    assert missing.returncode == 2 and "no summary" in missing.stderr


def test_summary_cli_prints_a_finished_run(tmp_path):
    from pcwm.io import write_json_atomic
    from pcwm.pipelines.run import summary_path

    write_json_atomic(summary_path(tmp_path), {"recipe": "x", "pipeline": "offline", "candidates": 3})
    out = subprocess.run([sys.executable, "-m", "pcwm.cli", "generate", "summary", str(tmp_path), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and json.loads(out.stdout)["candidates"] == 3
