// expect: ok
#include <stdio.h>
#include <omp.h>

int main(void) {
  double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
  for (int i = 0; i < 4000; i++) {
    sum += i * 0.5;
  }
  printf("%f\n", sum);
  return 0;
}
