// expect: race shared-scalar-in-loop 12 12
#include <omp.h>
int best[1000], changes;
omp_lock_t stripes[16];
void relax(int m, const int *dst, const int *cand) {
#pragma omp parallel for
  for (int e = 0; e < m; e++) {
    int v = dst[e];
    omp_set_lock(&stripes[v % 16]);
    if (cand[e] < best[v]) {
      best[v] = cand[e];
      changes++;
    }
    omp_unset_lock(&stripes[v % 16]);
  }
}
int main(void) { return 0; }
