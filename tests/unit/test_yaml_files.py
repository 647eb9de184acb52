"""Every YAML file in the repo loads with its schema; a file with no schema fails here.

pcwm's own kinds are `pcwm.yamlconf.Strict` models (unknown keys and values outside a Literal are errors naming the
file and the key). Two kinds are other tools' formats, checked by those tools' own loaders: accelerate launch configs
and the distilabel pipelines that `pcwm generate --dump` writes.
"""

from __future__ import annotations

import fnmatch
import subprocess
import warnings
from pathlib import Path

import pytest
import yaml

from pcwm.config import GenerateRecipe, load_recipe
from pcwm.data.cards import CardError, CardSpec
from pcwm.evals.reported import ReportedNumbers, load_reported
from pcwm.problems.bank import SeedError, SeedSpec
from pcwm.train.config import RecipeError, load_train_recipe
from pcwm.yamlconf import ConfigError

REPO = Path(__file__).resolve().parents[2]


def _suite(path: Path):
    from pcwm.evals.suites import load_suite  # the eval-suite kinds own their schema (pcwm.evals.suites)

    return load_suite(path)


def _accelerate(path: Path):  # not ours: accelerate's launch config, read by accelerate's own loader
    from accelerate.commands.config.config_args import load_config_from_file

    return load_config_from_file(str(path))


def _distilabel(path: Path):  # not ours: distilabel's serialised pipeline (`pcwm generate --dump` writes it)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # distilabel 1.5.3's own classes trip a harmless pydantic warning
        from distilabel.pipeline import Pipeline

        pipeline = Pipeline.from_yaml(path)
    assert pipeline.name == path.stem and (REPO / "recipes" / "generate" / path.name).is_file()
    return pipeline


def _recipe(path: Path):
    recipe = load_recipe(path)
    assert isinstance(recipe, GenerateRecipe)
    return recipe


SCHEMAS = {  # repo path pattern -> loader; first match wins
    "recipes/generate/*.yaml": _recipe,
    "recipes/*/*/sft.yaml": load_train_recipe,
    "recipes/accelerate/*.yaml": _accelerate,
    "dataset_cards/*.yaml": CardSpec.load,
    "eval_suites/*.yaml": _suite,
    "src/pcwm/problems/seeds/*/*/seed.yaml": SeedSpec.from_yaml,
    "src/pcwm/evals/reported.yaml": load_reported,
    "pipelines/*.yaml": _distilabel,
}


def _yaml_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--", "*.yaml", "*.yml"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    return sorted(p for p in out.split("\0") if p and (REPO / p).is_file())


FILES = _yaml_files()


def _schema(rel: str):
    for pattern, loader in SCHEMAS.items():
        if fnmatch.fnmatchcase(rel, pattern) and rel.count("/") == pattern.count("/"):
            return loader
    return None


@pytest.mark.parametrize("rel", FILES)
def test_every_yaml_file_loads_with_its_schema(rel):
    loader = _schema(rel)
    assert loader is not None, f"{rel}: no schema; add a Strict model (pcwm.yamlconf) and list it in SCHEMAS"
    assert loader(REPO / rel) is not None


def test_every_schema_has_files():
    assert len(FILES) > 100, "git ls-files found too few YAML files"
    unused = [pattern for pattern in SCHEMAS if not any(_schema(f) is SCHEMAS[pattern] for f in FILES)]
    assert not unused, f"patterns matching no file: {unused}"


# ---------------------------------------------------------------- one-line errors naming the file and the key


def _copy_with(tmp_path: Path, source: Path, name: str, **changes) -> Path:
    data = yaml.safe_load(source.read_text())
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for p in parents:
            node = node[p]
        node[last] = value
    out = tmp_path / name
    out.write_text(yaml.safe_dump(data))
    return out


def _one_line(exc: Exception, path: Path, key: str, what: str) -> None:
    message = str(exc)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: {key}: ") and what in message, message


@pytest.mark.parametrize("kind", ["recipe", "card", "seed"])
def test_typo_key_and_bad_choice_name_the_file_and_key(tmp_path, kind):
    seed = REPO / "src" / "pcwm" / "problems" / "seeds" / "graph" / "bfs_levels" / "seed.yaml"
    cases = {  # kind: (source file, loader, error class, typo change, typo key, bad-choice change, its key)
        "recipe": (REPO / "recipes" / "generate" / "offline.yaml", load_recipe, ConfigError,
                   {"sandbox__treads": [4]}, "sandbox.treads", {"sandbox__tool": "valgrind"}, "sandbox.tool"),
        "card": (REPO / "dataset_cards" / "tsan.yaml", CardSpec.load, CardError,
                 {"licence": "mit"}, "licence", {"kind": "tsna"}, "kind"),
        "seed": (seed, SeedSpec.from_yaml, SeedError,
                 {"defualt_size": 4}, "defualt_size", {"language": "fortran"}, "language"),
    }
    source, load, error, typo, typo_key, bad, bad_key = cases[kind]
    path = _copy_with(tmp_path, source, "typo.yaml", **typo)
    with pytest.raises(error) as exc:
        load(path)
    _one_line(exc.value, path, typo_key, "unknown key")
    path = _copy_with(tmp_path, source, "choice.yaml", **bad)
    with pytest.raises(error) as exc:
        load(path)
    _one_line(exc.value, path, bad_key, "Input should be")
    assert isinstance(exc.value, ConfigError)


def test_train_recipe_and_reported_numbers_name_the_file_and_key(tmp_path):
    recipe = _copy_with(tmp_path, REPO / "recipes" / "tiny" / "tsan" / "sft.yaml", "sft.yaml", dataset_view="chat")
    with pytest.raises(RecipeError) as exc:
        load_train_recipe(recipe)
    _one_line(exc.value, recipe, "dataset_view", "'prompt_completion' or 'messages'")
    data = yaml.safe_load((REPO / "src" / "pcwm" / "evals" / "reported.yaml").read_text())
    data["tables"][1]["rows"][0].pop()
    reported = tmp_path / "reported.yaml"
    reported.write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError) as exc:
        load_reported(reported)
    _one_line(exc.value, reported, "tables.1", "rows.0 has 8 cells for 9 columns")
    assert isinstance(load_reported(), ReportedNumbers)
