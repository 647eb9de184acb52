// expect: race task-vs-creator 11 13
#include <stdio.h>
int main(void) {
  int x = 0, y = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task shared(y) depend(out : y)
    y = 1;
#pragma omp task shared(x) depend(out : x)
    x = 2;
#pragma omp taskwait depend(in : y)
    printf("%d %d\n", x, y);
  }
  return 0;
}
