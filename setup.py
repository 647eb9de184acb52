"""Build hook: the wheel carries the repo's recipes/, eval_suites/ and dataset_cards/ as pcwm/_resources/<name>/.

Everything else is declared in pyproject.toml; `pcwm.resources` finds these folders in a checkout or in the wheel.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCE_DIRS = ("recipes", "eval_suites", "dataset_cards")


class BuildPyWithResources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's folders directly
        here = Path(__file__).resolve().parent
        for name in RESOURCE_DIRS:
            dst = Path(self.build_lib) / "pcwm" / "_resources" / name
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(here / name, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithResources})
