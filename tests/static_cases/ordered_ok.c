// expect: no race
#include <stdio.h>
int main(void) {
  int last = 0;
#pragma omp parallel for ordered
  for (int i = 0; i < 10; i++) {
#pragma omp ordered
    last = i;
  }
  return last;
}
