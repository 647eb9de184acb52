"""Every shipped recipe parses into TRL's dataclasses and follows the pcwm rules; nothing is downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcwm.train.config import RecipeError, load_and_check, validate_recipe

REPO = Path(__file__).resolve().parents[3]
RECIPES = sorted((REPO / "recipes").glob("*/*/sft.yaml"))
PAPER_RECIPES = [p for p in RECIPES if p.parts[-3] != "tiny"]
MODELS = {"qwen2.5-7b-instruct", "qwen2.5-14b-instruct", "qwen2.5-32b-instruct", "llama-3.1-8b-instruct"}


def _id(p: Path) -> str:
    return "/".join(p.parts[-3:-1])


def test_the_paper_models_and_tools_are_all_shipped():
    shipped = {(p.parts[-3], p.parts[-2]) for p in RECIPES}
    assert {(m, t) for m in MODELS for t in ("tsan", "caliper")} <= shipped
    assert ("tiny", "tsan") in shipped


@pytest.mark.parametrize("recipe", RECIPES, ids=_id)
def test_recipe_validates(recipe, monkeypatch):
    monkeypatch.chdir(REPO)  # recipes name themselves by their repo-relative path
    script_args, training_args, model_args = validate_recipe(recipe.relative_to(REPO), skip_hardware_checks=True)
    assert script_args.tool == recipe.parts[-2]
    assert training_args.hub_model_id == f"pcwm/{recipe.parts[-3]}-{recipe.parts[-2]}"
    assert training_args.completion_only_loss is not False


@pytest.mark.parametrize("recipe", PAPER_RECIPES, ids=_id)
def test_paper_hyperparameters(recipe, monkeypatch):
    monkeypatch.chdir(REPO)
    _, t, m = validate_recipe(recipe.relative_to(REPO), skip_hardware_checks=True)
    assert (t.num_train_epochs, t.max_steps, t.learning_rate, t.warmup_steps) == (1, -1, 1e-5, 0.05)
    assert str(t.lr_scheduler_type.value) == "cosine"
    assert (t.adam_beta1, t.adam_beta2, t.weight_decay) == (0.9, 0.95, 1e-4)
    assert t.max_length == 16384 and t.bf16 and m.dtype == "bfloat16"
    assert not m.use_peft and not m.load_in_4bit  # full fine-tune
    assert t.push_to_hub_revision and t.hub_model_revision
    first = recipe.read_text().splitlines()[0]
    assert "GPU" in first and "accelerate launch" in first and "recipes/accelerate/zero3.yaml" in first


def test_bf16_recipe_needs_a_gpu_unless_hardware_checks_are_skipped(monkeypatch):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    monkeypatch.chdir(REPO)
    with pytest.raises(ValueError, match="bf16"):
        validate_recipe("recipes/qwen2.5-7b-instruct/tsan/sft.yaml", skip_hardware_checks=False)


def _write(tmp_path, text: str) -> Path:
    p = tmp_path / "recipes" / "m" / "tsan" / "sft.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(text)
    return p


BASE = "# CPU: pcwm train --recipe recipes/m/tsan/sft.yaml\nmodel_name_or_path: tiny\n" \
       "dataset_name: pcwm-seed-smoke\nuse_cpu: true\noutput_dir: out/m/tsan/sft\n"


def test_unknown_key_is_an_error_naming_it(tmp_path):
    with pytest.raises(RecipeError, match=r"sft\.yaml: learning_rat: unknown key$"):
        load_and_check(_write(tmp_path, BASE + "learning_rat: 1.0e-5\n"))


def test_schema_types_exactly_the_keys_pcwm_adds():
    """PcwmTrainKeys types pcwm's own fields of the dataclasses; a new field must be typed there too."""
    import dataclasses

    import trl

    from pcwm.train.config import PcwmTrainKeys, SFTConfig, SFTScriptArguments, TrainRecipe

    def names(cls):
        return {f.name for f in dataclasses.fields(cls) if f.init}

    added = (names(SFTScriptArguments) - names(trl.ScriptArguments)) | (names(SFTConfig) - names(trl.SFTConfig))
    assert set(PcwmTrainKeys.model_fields) - {"env"} == added
    every = names(SFTScriptArguments) | names(SFTConfig) | names(trl.ModelConfig)
    assert set(TrainRecipe.model_fields) == every | {"env"}


def test_command_line_overrides_the_yaml(tmp_path):
    recipe = _write(tmp_path, BASE + "learning_rate: 1.0e-5\nmax_steps: 3\n")
    _, t, m = load_and_check(recipe, ["--learning_rate", "2e-4", "--use_peft", "true"])
    assert (t.learning_rate, t.max_steps, m.use_peft) == (2e-4, 3, True)
    assert t.hub_model_id == "pcwm/tiny-tsan"  # derived default pcwm/<model>-<tool>


@pytest.mark.parametrize("extra, message", [
    ("completion_only_loss: false\n", "completion-only"),
    ("push_to_hub: true\n", "push_to_hub_revision"),
    ("load_in_4bit: true\n", "use_peft"),
    ("tool: valgrind\n", "sft.yaml: tool: Input should be 'tsan' or 'caliper'"),
    ("eval_hook: no_such_module:fn\n", "eval_hook"),
    ("hub_model_id: tiny\n", "namespace"),
])
def test_pcwm_rules(tmp_path, extra, message):
    with pytest.raises(RecipeError, match=message):
        load_and_check(_write(tmp_path, BASE + extra))


def test_recipe_file_identity_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = _write(tmp_path, BASE.replace("out/m/tsan/sft", "somewhere") + "tool: caliper\n")
    with pytest.raises(RecipeError) as err:
        validate_recipe(bad.relative_to(tmp_path), skip_hardware_checks=True)
    assert "must equal its tool" in str(err.value) and "output_dir" in str(err.value)


@pytest.mark.parametrize("name, kind", [("zero3.yaml", "DEEPSPEED"), ("ddp.yaml", "MULTI_GPU")])
def test_accelerate_configs_load(name, kind):
    from accelerate.commands.config.config_args import load_config_from_file

    path = REPO / "recipes" / "accelerate" / name
    cfg = load_config_from_file(str(path))  # accelerate's own loader: unknown keys are an error
    assert cfg.distributed_type.value == kind and cfg.mixed_precision == "bf16"
    if kind == "DEEPSPEED":
        assert cfg.deepspeed_config["zero_stage"] == 3 and cfg.deepspeed_config["zero3_save_16bit_model"]
    first = path.read_text().splitlines()[0]
    assert first.startswith("# ") and f"accelerate launch --config_file recipes/accelerate/{name}" in first
