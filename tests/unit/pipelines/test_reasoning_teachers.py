"""The TSan and Caliper pipelines end to end against a loopback teacher that answers in every real response shape
(vLLM's `reasoning` / `reasoning_content` fields, QwQ's lone `</think>`, a full `<think>` block), half of the time
with a CoT that cites the outcome it was given: hindsight rows are kept for every shape, leaking ones are dropped,
and the run summary counts each drop by reason."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from reasoning_server import CLEAN_COT, SHAPES, serve

from pcwm.config import load_recipe
from pcwm.pipelines.run import run_recipe

REPO = Path(__file__).resolve().parents[3]
RECIPES = REPO / "recipes" / "generate"


@pytest.fixture
def teacher(monkeypatch):
    with serve() as state:
        monkeypatch.setenv("PCWM_TEST_TEACHER_URL", state.url)
        yield state


TEACHER = {"provider": "openai", "model": "Qwen/QwQ-32B", "base_url_env": "PCWM_TEST_TEACHER_URL",
           "generation": {"max_new_tokens": 256}, "batch_size": 4, "response_cache": False}


def _check_shapes(teacher, kept_cots: list[str], summary: dict, prefix: str) -> None:
    turns = [t for t in teacher.turns if t.answer is not None]
    clean = Counter(t.shape for t in turns if not t.leaked)
    leaked = Counter(t.shape for t in turns if t.leaked)
    assert set(clean) == set(SHAPES) and set(leaked) == set(SHAPES), (clean, leaked)  # every shape, both ways
    assert len(kept_cots) == sum(clean.values())  # every clean response kept, whatever its shape
    assert set(kept_cots) == {CLEAN_COT}  # the in-filled CoT, never the model's private reasoning
    dropped = summary[f"{prefix}_dropped"]
    assert sum(v for k, v in dropped.items() if k.startswith("leak_")) == sum(leaked.values())
    assert sum(dropped.values()) == sum(leaked.values())  # nothing else dropped
    assert summary[f"{prefix}_completion_tokens"] > 0 and summary[f"{prefix}_prompt_tokens"] > 0


def test_tsan_pipeline_keeps_every_shape_and_drops_leaks(teacher, tmp_path):
    from distilabel.distiset import Distiset

    recipe = load_recipe(RECIPES / "tsan-tiny.yaml", {
        "models.teacher": TEACHER, "cot.model": "teacher", "cot.mode": "hindsight", "candidates.models": [],
        "problems.limit": 2, "candidates.mutations.operators": ["drop_reduction", "drop_critical", "drop_atomic"],
        "sandbox.threads": [4], "output.dir": str(tmp_path / "out"),
    })
    s = run_recipe(recipe).summary
    assert s["labelled"] >= 2 * len(SHAPES)
    d = Distiset.load_from_disk(tmp_path / "out")
    kept = list(d["hindsight"]["train"]["cot"])
    _check_shapes(teacher, kept, s, "cot_hindsight")
    assert s["rows_hindsight"] == len(kept) and s["cot_hindsight_generated"] == len(teacher.turns)
    for row in d["hindsight"]["train"]:
        assert row["completion"].startswith(f"<think>\n{CLEAN_COT}\n</think>\n<answer>")


@pytest.mark.parametrize("mode", ["no_hindsight", "no_hindsight_filtered"])
def test_no_hindsight_ablation_keeps_every_cot_and_filtered_variant_does_not(mode, teacher, tmp_path):
    from distilabel.distiset import Distiset

    recipe = load_recipe(RECIPES / "tsan-tiny.yaml", {
        "models.teacher": TEACHER, "cot.model": "teacher", "candidates.models": [], "problems.limit": 1,
        "candidates.mutations.operators": ["drop_reduction"], "sandbox.threads": [4], "cot.mode": mode,
        "output.dir": str(tmp_path / "out")})
    s = run_recipe(recipe).summary
    races = s["status"].get("race", 0)
    assert races >= 1 and s[f"cot_{mode}_generated"] == s["labelled"] == len(teacher.turns)
    if mode == "no_hindsight":  # the paper's ablation: every CoT kept, as is, next to the observed outcome
        assert s["rows_no_hindsight"] == s["labelled"] and s["cot_no_hindsight_dropped"] == {}
        d = Distiset.load_from_disk(tmp_path / "out")
        assert all(r["completion"].endswith(f"{r['outcome']}\n</answer>") for r in d["no_hindsight"]["train"])
    else:  # the teacher always predicts "no race": the filter keeps exactly the race-free candidates
        assert s["rows_no_hindsight_filtered"] == s["labelled"] - races
        assert s["cot_no_hindsight_filtered_dropped"] == {"wrong_outcome": races}


def test_caliper_pipeline_keeps_every_shape_and_drops_leaks(teacher, tmp_path):
    from distilabel.distiset import Distiset

    recipe = load_recipe(RECIPES / "caliper-tiny.yaml", {
        "models.teacher": TEACHER, "cot.model": "teacher", "problems.limit": 2, "pairs.per_problem": 6,
        "output.dir": str(tmp_path / "out"),
    })
    s = run_recipe(recipe).summary
    d = Distiset.load_from_disk(tmp_path / "out")
    if s["pairs"] < 2 * len(SHAPES):
        pytest.fail(f"too few pairs for every shape: {s['pairs']}")
    kept = list(d["pairs_hindsight"]["train"]["cot"])
    _check_shapes(teacher, kept, s, "cot_pair")
