// expect: race no-barrier-between 8 9
#include <stdio.h>
int main(void) {
  int x = 0;
#pragma omp parallel
  {
#pragma omp master
    x = 42;
    printf("%d\n", x);
  }
  return 0;
}
