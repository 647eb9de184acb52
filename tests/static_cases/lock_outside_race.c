// expect: race team-shared-write 11 11
#include <omp.h>
int main(void) {
  int count = 0;
  omp_lock_t lk;
  omp_init_lock(&lk);
#pragma omp parallel
  {
    omp_set_lock(&lk);
    omp_unset_lock(&lk);
    count += 2;
  }
  omp_destroy_lock(&lk);
  return count;
}
