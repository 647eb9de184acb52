// expect: no race
#include <stdio.h>
int main(void) {
  int x = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(out: x) shared(x)
    x = 1;
#pragma omp task depend(in: x) if(0) shared(x)
    { }
    printf("%d\n", x);
  }
  return 0;
}
