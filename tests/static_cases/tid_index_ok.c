// expect: no race
#include <omp.h>
int slot[64];
int main(void) {
#pragma omp parallel
  {
    int t = omp_get_thread_num();
    slot[t] = t * 2;
  }
  return slot[0];
}
