"""Fixtures for the training tests: the small real dataset (seed-bank programs under TSan), the tiny model, 1 thread."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def one_thread():
    """Training and generation on 1 thread (2 shared cores: more threads collapse under OpenMP spin-waits)."""
    import torch

    os.environ["OMP_NUM_THREADS"] = "1"
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def smoke_dataset_dir():
    """DatasetDict on disk: 8 seeds x (reduction impl, reduction deleted), labelled by real TSan runs."""
    from pcwm.train.smoke_data import build_smoke_dataset

    return build_smoke_dataset(n_seeds=8, jobs=2)


@pytest.fixture(scope="session")
def tiny_model_dir():
    from pcwm.models.tiny import tiny_model_path

    return tiny_model_path()
