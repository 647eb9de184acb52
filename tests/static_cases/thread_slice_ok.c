// expect: no race
#include <omp.h>
#include <stdlib.h>
void scatter(int n, int m, const int *dst, int *priv) {
#pragma omp parallel
  {
    int *mine = priv + (size_t)omp_get_thread_num() * n;
    for (int v = 0; v < n; v++) mine[v] = 0;
#pragma omp for
    for (int e = 0; e < m; e++) mine[dst[e]] += 1;
  }
}
int main(void) { int d[4] = {0, 1, 1, 0}; int p[64] = {0}; scatter(2, 4, d, p); return 0; }
