// expect: no race
#include <stdio.h>
int main(void) {
  int x = 0;
#pragma omp parallel
  {
#pragma omp single
    x = 42;
    printf("%d\n", x);
  }
  return 0;
}
