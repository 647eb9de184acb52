"""The input check: C/C++ (OpenMP) is read, anything else is refused with a reason; non-OpenMP C only warns."""

from __future__ import annotations

from pathlib import Path

import pytest
from predict_inputs import NOT_C, SNIPPET

from pcwm.predict import InputError, check_source

REPO = Path(__file__).resolve().parents[3]


def test_every_dataracebench_program_is_openmp_c_or_cpp(shared_data_dir):
    programs = sorted(shared_data_dir.glob("DRB*.c")) + sorted(shared_data_dir.glob("DRB*.cpp"))
    assert len(programs) > 200
    for p in programs:
        check = check_source(p.read_text(errors="replace"), p.name)
        assert check.openmp, p.name
        assert check.lang == ("cpp" if p.suffix == ".cpp" else "c"), p.name


def test_snippet_without_main_is_accepted():
    check = check_source(SNIPPET)
    assert check.openmp and check.lang == "c" and not check.warnings


def test_cpp_detected_from_content_without_a_file_name():
    code = "#include <vector>\n#include <omp.h>\nvoid f(std::vector<int>& v) {\n#pragma omp parallel for\n" \
           "  for (size_t i = 0; i < v.size(); i++) v[i] = 0;\n}\n"
    assert check_source(code).lang == "cpp"


def test_c_without_openmp_warns_but_is_accepted():
    code = "#include <stdio.h>\nint main(void) {\n  int s = 0;\n  for (int i = 0; i < 10; i++) s += i;\n" \
           "  printf(\"%d\\n\", s);\n  return 0;\n}\n"
    check = check_source(code, "plain.c")
    assert not check.openmp
    assert any("not OpenMP" in w for w in check.warnings)


ONLY_C = "; pcwm predicts for C/C++ OpenMP code only"
REFUSALS = {  # the one message each input gets
    "python by suffix": "a Python file (.py)" + ONLY_C,
    "python by content": "the input does not look like C/C++ (C syntax found: none; it looks like Python)" + ONLY_C,
    "fortran openmp": "the input does not look like C/C++ (C syntax found: none; it looks like Fortran)" + ONLY_C,
    "prose": "the input does not look like C/C++ (C syntax found: none)" + ONLY_C,
    "random bytes as text": "the input does not look like C/C++ (C syntax found: none)" + ONLY_C,
    "empty": "the input is empty",
    "binary": "the input is binary, not C/C++ source",
}


@pytest.mark.parametrize("kind", sorted(NOT_C))
def test_not_c_is_refused_with_a_reason(kind):
    text, name = NOT_C[kind]
    with pytest.raises(InputError) as exc:
        check_source(text, name)
    assert str(exc.value) == REFUSALS[kind]


def test_real_python_modules_of_this_repo_are_refused():
    files = sorted((REPO / "src" / "pcwm").rglob("*.py"))
    assert len(files) > 20
    accepted = []
    for p in files:
        try:
            check_source(p.read_text())  # content only: the .py suffix alone would refuse it
            accepted.append(p.name)
        except InputError:
            pass
    assert not accepted
