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
