"""Seeds validate in the sandbox: reference and every implementation print PCWM_CHECK PASS and are TSan-clean.

The default suite checks one seed per domain present; `-m slow` checks every seed of the bank."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from pcwm.cli import app
from pcwm.problems import load_bank
from pcwm.problems.candidates import validate_bank
from pcwm.problems.mutations import mutate

BANK = load_bank()
FIRST_PER_DOMAIN = [seeds[0] for seeds in BANK.by_domain().values()]


def _failures(seeds) -> list[str]:
    return [f"{c.seed}:{c.program} {c.status} valid={c.valid} races={c.races}"
            for c in validate_bank(seeds, jobs=2) if not c.ok]


@pytest.mark.parametrize("seed", FIRST_PER_DOMAIN, ids=[s.domain for s in FIRST_PER_DOMAIN])
def test_one_seed_per_domain_validates(seed):
    assert _failures([seed]) == []


@pytest.mark.slow
def test_every_seed_validates():
    assert _failures(BANK) == []


def test_validate_cli_fails_on_a_racy_implementation(tmp_path):
    seed = BANK.get("histogram_reduction/int_histogram")
    root = tmp_path / "bank"
    shutil.copytree(seed.path, root / seed.id)
    impl = seed.impl("array_section_reduction")
    racy = next(m for m in mutate(impl.source, "c", operators=["drop_reduction"]))
    (root / seed.id / impl.file).write_text(racy.source)
    res = CliRunner().invoke(app, ["problems", "validate", "--bank", str(root), "--jobs", "2", "--json"])
    assert res.exit_code == 1, res.output
    lines = [ln for ln in res.output.splitlines() if ln.startswith("{")]
    assert len(lines) == 1 + len(seed.impls)
    assert sum('"status": "race"' in ln for ln in lines) == 1
    assert all('"ok": true' in ln for ln in lines if "array_section_reduction" not in ln)
