// expect: race no-barrier-between 16 18
#include <omp.h>
#include <stdlib.h>
void sums(int cols, double *out) {
  double *buf = NULL;
  int nt = 1;
#pragma omp parallel
  {
#pragma omp single
    {
      nt = omp_get_num_threads();
      buf = (double *)calloc((size_t)nt * cols, sizeof(double));
    }
    double *mine = buf + (size_t)omp_get_thread_num() * cols;
#pragma omp for nowait
    for (int c = 0; c < cols; c++) mine[c] += 1.0;
#pragma omp for
    for (int c = 0; c < cols; c++) for (int t = 0; t < nt; t++) out[c] += buf[(size_t)t * cols + c];
  }
  free(buf);
}
int main(void) { double o[4] = {0}; sums(4, o); return 0; }
