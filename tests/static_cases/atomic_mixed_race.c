// expect: race atomic-vs-plain 8 9
#include <stdio.h>
int main(void) {
  int count = 0;
#pragma omp parallel
  {
#pragma omp atomic
    count++;
    if (count > 5) printf("big\n");
  }
  return 0;
}
