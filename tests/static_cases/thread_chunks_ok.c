// expect: no race
#include <omp.h>
void scale(int n, double *x) {
#pragma omp parallel
  {
    int me = omp_get_thread_num(), team = omp_get_num_threads();
    int lo = (int)((long)n * me / team);
    int hi = (int)((long)n * (me + 1) / team);
    for (int i = lo; i < hi; i++)
      x[i] = 2.0 * x[i];
  }
}
int main(void) {
  double x[100] = {0};
  scale(100, x);
  return 0;
}
