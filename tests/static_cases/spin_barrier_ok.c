// expect: no race
#include <omp.h>
int main(void) {
  int arrived = 0;
  double part[64] = {0}, total = 0.0;
#pragma omp parallel num_threads(4) shared(arrived, part, total)
  {
    int me = omp_get_thread_num(), n = omp_get_num_threads();
    part[me] = me * 2.0;
#pragma omp atomic update seq_cst
    arrived += 1;
    int now = 0;
    do {
#pragma omp atomic read seq_cst
      now = arrived;
    } while (now < n);
    if (me == 0)
      for (int t = 0; t < n; t++) total += part[t];
  }
  return total > 0.0 ? 0 : 1;
}
