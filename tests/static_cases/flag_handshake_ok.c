// expect: no race
#include <omp.h>
#include <stdio.h>
int main(void) {
  int data = 0, ready = 0;
#pragma omp parallel num_threads(2) shared(data, ready)
  {
    if (omp_get_thread_num() == 0) {
      data = 42;
#pragma omp atomic write seq_cst
      ready = 1;
    } else {
      int seen = 0;
      while (!seen) {
#pragma omp atomic read seq_cst
        seen = ready;
      }
      printf("%d\n", data);
    }
  }
  return 0;
}
