// expect: no race
#include <stdio.h>
int main(void) {
  int x = 0;
#pragma omp parallel
  {
#pragma omp master
    x = 42;
#pragma omp barrier
    printf("%d\n", x);
  }
  return 0;
}
