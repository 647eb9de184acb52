// expect: race lines=11,14
#include <stdio.h>
#include <omp.h>

int shared_flag = 0;

int main(void) {
  int seen = 0;
#pragma omp parallel num_threads(4)
  {
    if (omp_get_thread_num() == 0) shared_flag = 1;
#pragma omp for reduction(+ : seen)
    for (int i = 0; i < 1000; i++)
      seen += shared_flag;
  }
  printf("%d\n", seen > 0);
  return 0;
}
