// expect: race task-vs-creator 9 12
#include <stdio.h>
int main(void) {
  int x = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(out: x) shared(x)
    x = 1;
#pragma omp task depend(in: x) shared(x)
    { }
    printf("%d\n", x);
  }
  return 0;
}
