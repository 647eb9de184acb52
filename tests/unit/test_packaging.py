"""What a user gets from an installed pcwm: the version, one-line errors for missing extras, the data folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _pcwm(*args: str, cwd: Path = REPO, pre: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    code = f"import sys\n{pre}\nfrom pcwm.cli import run\nsys.argv = ['pcwm', *sys.argv[1:]]\nrun()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=env or os.environ)


def test_version():
    from pcwm import __version__

    res = _pcwm("--version")
    assert res.returncode == 0
    assert res.stdout.strip() == f"pcwm {__version__}"


def test_missing_extra_is_one_line_and_exit_5():
    module, extra = "trl", "train"
    res = _pcwm("train", "validate", pre=f"sys.modules[{module!r}] = None")  # import fails as if not installed
    assert res.returncode == 5, res.stderr[-2000:]
    lines = res.stderr.strip().splitlines()
    assert lines == [f"error: this command needs the '{extra}' extra (module '{module}' is not installed): "
                     f"pip install 'pcwm[{extra}]'"]


def test_each_module_is_named_with_the_extra_that_installs_it():
    """pcwm.extras must name, for every module, an extra of pyproject.toml that really installs it."""
    import re
    from importlib.metadata import packages_distributions

    import tomllib

    from pcwm.extras import EXTRA_OF_MODULE

    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    dists = packages_distributions()
    checked = 0
    for module, extra in EXTRA_OF_MODULE.items():
        assert extra in extras, f"{module}: no extra {extra!r} in pyproject.toml"
        names = {re.split(r"[<>=!\[; ]", req)[0].lower().replace("_", "-") for req in extras[extra]}
        for dist in dists.get(module, []):  # installed here (all but the GPU/cluster-only ones)
            assert dist.lower().replace("_", "-") in names, f"{module} comes from {dist}, not listed in [{extra}]"
            checked += 1
    assert checked >= 10


def test_a_real_import_error_is_not_disguised_as_an_extra():
    res = _pcwm("--version", pre="sys.modules['pcwm.cli.sandbox'] = None")
    assert res.returncode == 1
    assert "Traceback" in res.stderr and "needs the" not in res.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "pcwm"  # a copy: setuptools builds in the source tree (build/)
    top_level = {".git", ".venv", "outputs", "build", "data", ".pytest_cache", ".ruff_cache"}  # not the package's

    def skip(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if (folder == str(REPO) and n in top_level) or n == "__pycache__"
                or n.endswith(".egg-info")}

    shutil.copytree(REPO, src, ignore=skip)
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                          str(out), str(src)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "License classifiers are deprecated" not in res.stderr and "project.license" not in res.stderr
    (whl,) = out.glob("pcwm-*.whl")
    return whl


def test_wheel_carries_recipes_suites_and_cards(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("recipes/generate/offline.yaml", "eval_suites/dataracebench.yaml", "dataset_cards/card.md.j2",
                "recipes/tiny/tsan/sft.yaml"):
        assert f"pcwm/_resources/{rel}" in names, rel
    assert "pcwm/problems/seeds/dense_linalg/axpy_norm/seed.yaml" in names
    assert "pcwm/sandbox/native/pcwm_workpct.c" in names
    for rel in ("worldmodel/templates/tsan_predict.j2", "worldmodel/templates/workpct_pair.j2",
                "evals/tasks/templates/racefix_edit.j2", "evals/sql/drb_summary.sql"):  # prompts and metrics
        assert f"pcwm/{rel}" in names, rel


def test_installed_wheel_finds_its_data_from_any_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "COLUMNS": "200"}
    ls = _pcwm("eval", "ls", cwd=elsewhere, env=env)
    assert ls.returncode == 0, ls.stderr[-2000:]
    assert "_resources/eval_suites" in ls.stdout and "dataracebench" in ls.stdout
    check = subprocess.run([sys.executable, "-c", "import pcwm.resources as r, pcwm.config as c; "
                            "print(r.resolve_path('recipes/generate/offline.yaml')); "
                            "print(c.load_recipe('recipes/generate/offline.yaml').name)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr[-2000:]
    shipped, name = check.stdout.split()
    assert shipped == str(site / "pcwm" / "_resources" / "recipes" / "generate" / "offline.yaml")
    assert name == "offline"


def test_import_layers_hold():
    """The layers in pyproject.toml [tool.importlinter] (cli on top, the sandbox and foundations at the bottom)."""
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}  # this checkout's code, not another editable install
    res = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    assert "0 broken" in res.stdout
