// expect: race team-shared-write 6 6
#include <omp.h>
int main(void) {
  int count = 0;
#pragma omp parallel
  count = count + 1;
  return count;
}
