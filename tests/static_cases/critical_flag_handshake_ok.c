// expect: no race
#include <omp.h>
#include <stdio.h>
int main(void) {
  double result = 0.0;
  int done = 0;
#pragma omp parallel sections shared(result, done)
  {
#pragma omp section
    {
      result = 3.5;
#pragma omp critical(flag)
      done = 1;
    }
#pragma omp section
    {
      int seen = 0;
      while (!seen) {
#pragma omp critical(flag)
        seen = done;
      }
      printf("%f\n", result);
    }
  }
  return 0;
}
