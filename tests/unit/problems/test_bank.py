"""The seed bank loads from the repo with its contract checked, and bad seed folders fail with a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pcwm.problems import SeedError, load_bank, load_seed
from pcwm.problems.bank import SEEDS_DIR
from pcwm.problems.omp_source import OmpSource

PRESENT = sorted(p.parent for p in SEEDS_DIR.glob("*/*/seed.yaml"))


def test_every_seed_folder_present_loads():
    bank = load_bank()
    folders = sorted(p for d in SEEDS_DIR.iterdir() if d.is_dir() for p in d.iterdir() if p.is_dir())
    assert [s.path for s in bank] == folders == PRESENT
    by_domain = bank.by_domain()
    for domain, seeds in by_domain.items():
        on_disk = [p for p in (SEEDS_DIR / domain).iterdir() if p.is_dir()]
        assert len(seeds) == len(on_disk) <= 8, domain
    assert sum(len(v) for v in by_domain.values()) == len(bank)


@pytest.mark.parametrize("folder", PRESENT, ids=[f"{p.parent.name}/{p.name}" for p in PRESENT])
def test_seed_contract(folder: Path):
    seed = load_seed(folder)
    assert seed.id == f"{folder.parent.name}/{folder.name}" and seed.domain == folder.parent.name
    assert len(seed.impls) >= 2 and len({i.strategy for i in seed.impls}) == len(seed.impls)
    assert seed.function_name and f"{seed.function_name}(" in seed.reference
    assert f"#define {seed.function_name} pcwm_reference_{seed.function_name}" in seed.harness
    assert "#include PCWM_CANDIDATE" in seed.harness
    assert "#pragma omp" not in seed.reference
    for impl in seed.impls:
        src = OmpSource(impl.source, seed.language)
        assert not src.root.has_error, f"{impl.id} does not parse"
        assert src.pragmas, f"{impl.id} has no OpenMP pragma"
        assert f"{seed.function_name}(" in impl.source


def test_program_composes_harness_reference_and_candidate():
    seed = load_bank().seeds[0]
    prog = seed.program("int x;", name="cand", args=("16",))
    assert prog.name == f"cand{seed.suffix}" and prog.harness == seed.harness
    assert prog.harness_name == f"harness{seed.suffix}"
    assert prog.extra_files == ((f"reference{seed.suffix}", seed.reference),) and prog.args == ("16",)
    with pytest.raises(ValueError, match="clashes"):
        seed.program("int x;", name="harness")


def test_reference_as_candidate_renames_ref_helpers_only():
    seed = next((s for s in load_bank() if "static" in s.reference and "ref_" in s.reference), None)
    assert seed is not None, "the bank has seeds with static ref_ helpers (e.g. mc_integration): none was found"
    text = seed.reference_as_candidate()
    assert "pcwm_cand_ref_" in text and f"{seed.function_name}(" in text
    assert "ref_" not in text.replace("pcwm_cand_ref_", "")


def _copy_seed(tmp_path: Path) -> Path:
    src = PRESENT[0]
    dst = tmp_path / "seeds" / src.parent.name / src.name
    shutil.copytree(src, dst)
    return dst


def _edit_yaml(folder: Path, **changes) -> None:
    p = folder / "seed.yaml"
    data = yaml.safe_load(p.read_text())
    data.update(changes)
    p.write_text(yaml.safe_dump(data))


def test_unknown_yaml_key_is_a_clear_error(tmp_path):
    folder = _copy_seed(tmp_path)
    _edit_yaml(folder, difficulty="hard")
    with pytest.raises(SeedError, match=r"seed\.yaml: difficulty: unknown key"):
        load_bank(tmp_path / "seeds")


def test_unknown_impl_key_and_missing_file_are_errors(tmp_path):
    folder = _copy_seed(tmp_path)
    data = yaml.safe_load((folder / "seed.yaml").read_text())
    _edit_yaml(folder, impls=[{**data["impls"][0], "speedup": 3}] + data["impls"][1:])
    with pytest.raises(SeedError, match=r"seed\.yaml: impls\.0\.speedup: unknown key"):
        load_seed(folder)
    _edit_yaml(folder, impls=data["impls"])
    (folder / data["impls"][1]["file"]).unlink()
    with pytest.raises(SeedError, match="does not exist"):
        load_seed(folder)


def test_id_must_match_folder_and_folder_needs_yaml(tmp_path):
    folder = _copy_seed(tmp_path)
    _edit_yaml(folder, id="other/name")
    with pytest.raises(SeedError, match="must equal the folder path"):
        load_seed(folder)
    _edit_yaml(folder, id=f"{folder.parent.name}/{folder.name}")
    (folder.parent / "half_written").mkdir()
    with pytest.raises(SeedError, match="no seed.yaml"):
        load_bank(tmp_path / "seeds")


def test_unknown_domain_is_an_error():
    with pytest.raises(SeedError, match="unknown domain"):
        load_bank(domains=["quantum_chemistry"])
