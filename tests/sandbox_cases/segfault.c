// expect: runtime_error
#include <stdio.h>
int main(void) {
  volatile int *p = (int *)0;
  *p = 42;
  printf("unreachable\n");
  return 0;
}
