"""Inputs of the predict tests: a partial snippet, and inputs that are not C/C++."""

# A partial snippet: no main, no declarations of n, a, sum; it cannot compile, a world model can still read it.
SNIPPET = """\
#pragma omp parallel for
for (int i = 0; i < n; i++) {
  sum += a[i] * a[i];
}
"""

PYTHON = '''import os
import sys


def main(argv):
    for name in argv:
        print(name, os.path.exists(name))


if __name__ == "__main__":
    main(sys.argv[1:])
'''

FORTRAN = '''program drb001
  use omp_lib
  implicit none
  integer :: i, a(1000)
  !$omp parallel do
  do i = 1, 999
    a(i) = a(i+1) + 1
  end do
  !$omp end parallel do
end program
'''

NOT_C = {
    "python by suffix": (PYTHON, "tool.py"),
    "python by content": (PYTHON, None),
    "fortran openmp": (FORTRAN, None),
    "prose": ("The quick brown fox jumps over the lazy dog.\nNothing here is code; it is a note.\n", None),
    "random bytes as text": ("qZ8@#k!!x pLm0 ~~ 77a ^^ vv\nR4nd0m t3xt ::: ><><\n", None),
    "empty": ("   \n\n", None),
    "binary": ("\x00\x01\x02ELF", None),
}

# Answers of the scripted endpoint (conftest.scripted_endpoint), as a world model trained on tsan_predict.j2 writes
# them, and answers it does not read.
HEADER = "Here is a list of data races that ThreadSanitizer will catch:"
RACE = (f"<think>\nLine 64 reads a[i+1] while another thread writes it as a[i].\n</think>\n<answer>\n{HEADER}\n\n"
        '[{"type": "read/write race", "code_locations": ["generated.c:64", "generated.c:64"]}]\n</answer>')
NO_RACE = f"<think>\nEach thread writes its own a[i].\n</think>\n<answer>\n{HEADER}\n\n[]\n</answer>"
PROSE = "I think there might be a race, but it depends on the schedule."
# cut by the token budget inside the race object: a bracketed chunk that is no list
TRUNCATED = (f"<think>\nok\n</think>\n<answer>\n{HEADER}\n\n"
             '[{"type": "read/write race", "code_locations": ["generated.c:64"], "typ')


def cli_outcome(raw: list[str], tool: str = "tsan") -> tuple[int, int]:
    """(unparseable samples, exit code) that `pcwm predict` must report for these raw samples, read here with the
    shared parsers: exit 3 when no sample parses, else 0 (no --compare sandbox error involved)."""
    from pcwm.worldmodel.outcomes import OutcomeParseError, parse_tsan, parse_workpct_pair

    parse = parse_tsan if tool == "tsan" else parse_workpct_pair
    bad = 0
    for text in raw:
        try:
            parse(text)
        except OutcomeParseError:
            bad += 1
    return bad, (3 if bad == len(raw) else 0)
