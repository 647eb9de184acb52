// expect: no race
#include <stdio.h>
int main(void) {
  int x = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp taskgroup
    {
#pragma omp task shared(x)
      x = 3;
    }
    printf("%d\n", x);
  }
  return 0;
}
