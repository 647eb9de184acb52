"""The environment of test Ray nodes: this checkout's pcwm first on the workers' path, one thread per process."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cluster_env(name: str = "head") -> dict:
    src = str(REPO / "src")
    path = os.environ.get("PYTHONPATH", "")
    return {"PYTHONPATH": src + (os.pathsep + path if path else ""), "OMP_NUM_THREADS": "1", "PCWM_NODE_NAME": name}
