// expect: race task-vs-creator 9 10
#include <stdio.h>
int main(void) {
  int x = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task shared(x)
    x = 5;
    printf("%d\n", x);
  }
  return 0;
}
