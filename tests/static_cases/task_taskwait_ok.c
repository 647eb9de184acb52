// expect: no race
#include <stdio.h>
int main(void) {
  int x = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task shared(x)
    x = 5;
#pragma omp taskwait
    printf("%d\n", x);
  }
  return 0;
}
