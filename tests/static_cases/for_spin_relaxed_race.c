// expect: race no-barrier-between 9 19
#include <omp.h>
#include <stdio.h>
int main(void) {
  int data = 0, ready = 0;
#pragma omp parallel num_threads(2) shared(data, ready)
  {
    if (omp_get_thread_num() == 1) {
      data = 7;
#pragma omp atomic write
      ready = 1;
    } else {
      for (;;) {
        int seen;
#pragma omp atomic read
        seen = ready;
        if (seen) break;
      }
      printf("%d\n", data);
    }
  }
  return 0;
}
