// expect: race shared-scalar-in-loop 13 13
#include <omp.h>
int best[1000], changes;
#define NSTRIPES 16
omp_lock_t stripes[NSTRIPES];
void relax(int m, const int *dst, const int *cand) {
#pragma omp parallel for
  for (int e = 0; e < m; e++) {
    int v = dst[e];
    omp_set_lock(&stripes[v % NSTRIPES]);
    if (cand[e] < best[v]) {
      best[v] = cand[e];
      changes++;
    }
    omp_unset_lock(&stripes[v % NSTRIPES]);
  }
}
int main(void) { return 0; }
