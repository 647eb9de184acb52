// expect: ok
#include <stdio.h>
#include <omp.h>

static long fib(int n) {
  long x, y;
  if (n < 2) return n;
#pragma omp task shared(x)
  x = fib(n - 1);
#pragma omp task shared(y)
  y = fib(n - 2);
#pragma omp taskwait
  return x + y;
}

int main(void) {
  long r = 0;
#pragma omp parallel
#pragma omp single
  r = fib(15);
  printf("%ld\n", r);
  return 0;
}
