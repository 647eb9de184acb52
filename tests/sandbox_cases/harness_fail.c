// expect: wrong_output valid=fail
#include <stdio.h>
int main(void) {
  printf("PCWM_CHECK FAIL expected 10 got 9\n");
  return 1;
}
