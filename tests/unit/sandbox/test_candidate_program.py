"""The sandbox owns a candidate's file name, its Program and the cache of its work-% profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcwm.problems import load_bank
from pcwm.sandbox.cache import ProfileCache
from pcwm.sandbox.candidate import candidate_file, language_of, program_for
from pcwm.sandbox.profiler import profile_cached

CASES = Path(__file__).resolve().parents[2] / "sandbox_cases"


@pytest.mark.parametrize(("language", "name", "expected"), [
    ("c", None, "generated.c"),
    ("cpp", None, "generated.cpp"),
    ("c", "solver.c", "solver.c"),
    ("c", "/home/u/src/solver.c", "solver.c"),  # never a path: the work dir holds plain names
    ("cpp", "kernel.cc", "kernel.cc"),
    ("c", "kernel.cpp", "generated.c"),  # a C++ name for C code is not used
    ("cpp", "notes.txt", "generated.cpp"),
])
def test_candidate_file(language, name, expected):
    assert candidate_file(language, name) == expected


def test_language_of_a_file_name():
    assert [language_of(n) for n in ("a.c", "a.cpp", "a.cc")] == ["c", "cpp", "cpp"]


def test_a_seed_program_is_the_sandbox_program_of_its_candidate():
    seed = next(iter(load_bank()))
    impl = seed.impls[0]
    ours = program_for(impl.source, seed.language, name=f"x{seed.suffix}", harness=seed.harness,
                       extra_files=((seed.reference_name, seed.reference),), path=impl.id)
    assert seed.program(impl.source, name="x", path=impl.id) == ours
    assert ours.harness_name == seed.harness_name and ours.name == f"x{seed.suffix}"
    alone = program_for("int main(void) { return 0; }\n", "cpp")
    assert alone.harness is None and alone.name == "generated.cpp"


def test_profiles_are_cached_per_program_and_settings(tmp_path):
    cache = ProfileCache(tmp_path)
    program = program_for((CASES / "reduction_ok.c").read_text(), "c")
    first, hit = profile_cached(program, cache=cache, threads=(2,), repeats=1, backend="ompt", timeout_s=60.0)
    assert first.status == "ok" and not hit
    again, hit = profile_cached(program, cache=cache, threads=(2,), repeats=1, backend="ompt", timeout_s=60.0)
    assert hit and again.to_dict() == first.to_dict()
    other, hit = profile_cached(program, cache=cache, threads=(2,), repeats=2, backend="ompt", timeout_s=60.0)
    assert not hit and other.repeats == 2  # other settings: measured again
    assert len(list(tmp_path.rglob("*.json"))) == 2


def test_a_sandbox_error_is_never_cached(tmp_path, monkeypatch):
    from pcwm.sandbox import profiler

    cache = ProfileCache(tmp_path)
    program = program_for((CASES / "reduction_ok.c").read_text(), "c")

    def broken(cls):
        raise profiler.ToolchainError("no compiler")

    monkeypatch.setattr(profiler.Toolchain, "detect", classmethod(broken))
    out, hit = profile_cached(program, cache=cache, threads=(2,), repeats=1, backend="ompt", timeout_s=60.0)
    assert out.status == "sandbox_error" and not hit
    assert not list(tmp_path.rglob("*.json"))


def test_sandbox_run_workpct_reads_the_profile_cache(tmp_path, monkeypatch):
    """`pcwm sandbox run --tool workpct` and the library share one cache: a profile measured through
    `profile_cached` (as the pipeline's Sandbox step does) is what the command prints, and --no-cache measures anew
    without writing."""
    import json
    import os
    import subprocess
    import sys

    from pcwm.sandbox import Program

    monkeypatch.setenv("PCWM_CACHE_DIR", str(tmp_path))
    src = CASES / "reduction_ok.c"
    first, hit = profile_cached(Program.from_path(src), cache=ProfileCache(), threads=(2,), repeats=1,
                                backend="ompt", timeout_s=30.0)
    assert first.status == "ok" and not hit
    entries = lambda: sorted((tmp_path / "workpct").rglob("*.json"))  # noqa: E731
    assert len(entries()) == 1
    cmd = [sys.executable, "-m", "pcwm.cli", "sandbox", "run", "--tool", "workpct", "--backend", "ompt",
           "--threads", "2", "--repeats", "1", "--timeout", "30", "--json", str(src)]
    env = {**os.environ, "PCWM_CACHE_DIR": str(tmp_path)}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    printed = json.loads(out.stdout)
    assert printed.pop("path") == str(src) and printed == json.loads(json.dumps(first.to_dict()))
    fresh = subprocess.run([*cmd, "--no-cache"], capture_output=True, text=True, env=env, timeout=300)
    assert fresh.returncode == 0, fresh.stderr
    assert json.loads(fresh.stdout)["status"] == "ok"
    assert len(entries()) == 1
