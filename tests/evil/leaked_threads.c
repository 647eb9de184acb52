/* OpenMP threads that never finish: main blocks at the implicit barrier forever. */
#include <omp.h>
#include <stdio.h>
int main(void) {
#pragma omp parallel num_threads(4)
  {
    volatile int spin = 1;
    while (spin) {}
  }
  puts("never");
  return 0;
}
