"""Recipes: every shipped YAML loads; unknown keys and wrong types are errors naming the key; default < YAML < CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcwm.config import ConfigError, GenerateRecipe, load_recipe, parse_override

RECIPES = Path(__file__).resolve().parents[3] / "recipes" / "generate"

RECIPE_FILES = sorted(RECIPES.glob("*.yaml"))


@pytest.mark.parametrize("path", RECIPE_FILES, ids=[p.stem for p in RECIPE_FILES])
def test_every_shipped_recipe_loads(path):
    r = load_recipe(path)
    assert isinstance(r, GenerateRecipe)
    assert r.name == path.stem, "output names follow the recipe path"
    first = path.read_text().splitlines()[0]
    assert first.startswith("# Hardware:") and "Launch:" in first


def test_recipes_hold_no_endpoints_or_keys():
    for path in RECIPE_FILES:
        text = path.read_text()
        assert "http://" not in text.replace("http://HOST", "") and "https://" not in text, path
        assert "sk-" not in text, path


def _write(tmp_path, text):
    p = tmp_path / "r.yaml"
    p.write_text(text)
    return p


def test_unknown_key_names_the_key_path(tmp_path):
    p = _write(tmp_path, "name: x\npipeline: offline\ncandidates: {seed_impls: true}\nsandbox: {treads: [4]}\n")
    with pytest.raises(ConfigError, match=r"sandbox\.treads: unknown key"):
        load_recipe(p)


def test_wrong_type_names_the_key(tmp_path):
    p = _write(tmp_path, "name: x\npipeline: offline\ncandidates: {seed_impls: true}\nsandbox: {threads: four}\n")
    with pytest.raises(ConfigError, match=r"r\.yaml: sandbox\.threads: Input should be a valid list"):
        load_recipe(p)
    p = _write(tmp_path, "name: x\npipeline: offlne\n")
    with pytest.raises(ConfigError, match="pipeline"):
        load_recipe(p)


def test_precedence_default_yaml_cli(tmp_path):
    p = _write(tmp_path, "name: x\npipeline: offline\ncandidates: {seed_impls: true}\nsandbox: {runs: 2}\n")
    r = load_recipe(p)
    assert r.sandbox.timeout_s == 30.0 and r.sandbox.runs == 2  # default, YAML
    r = load_recipe(p, dict([parse_override("sandbox.runs=3"), parse_override("sandbox.threads=[4, 8]")]))
    assert r.sandbox.runs == 3 and r.sandbox.threads == [4, 8]  # CLI wins
    assert r.output_dir.as_posix() == "data/generated/x"


def test_model_references_are_checked(tmp_path):
    p = _write(tmp_path, "name: x\npipeline: tsan\ncandidates: {models: [big]}\ncot: {mode: none}\n")
    with pytest.raises(ConfigError, match=r"candidates\.models\[0\]: model 'big' is not defined"):
        load_recipe(p)
    p = _write(tmp_path, "name: x\npipeline: tsan\nmodels: {m: {provider: openai, model: gpt-4o}}\n"
                         "candidates: {models: [m]}\ncot: {model: m}\n")
    with pytest.raises(ConfigError, match="base_url_env"):
        load_recipe(p)


def test_offline_recipe_rejects_llm_parts(tmp_path):
    p = _write(tmp_path, "name: x\npipeline: offline\nproblems: {variants: 3}\ncandidates: {seed_impls: true}\n")
    with pytest.raises(ConfigError, match="uses no LLM"):
        load_recipe(p)


def test_bad_override_is_an_error():
    with pytest.raises(ConfigError, match="KEY=VALUE"):
        parse_override("sandbox.runs")
