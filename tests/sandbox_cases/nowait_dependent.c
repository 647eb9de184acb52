// expect: race
#include <stdio.h>
#include <omp.h>
#define N 2000
double a[N], b[N];

int main(void) {
#pragma omp parallel
  {
#pragma omp for nowait
    for (int i = 0; i < N; i++) a[i] = i;
#pragma omp for
    for (int i = 0; i < N; i++) b[i] = a[N - 1 - i] * 2.0;
  }
  printf("%f\n", b[7]);
  return 0;
}
