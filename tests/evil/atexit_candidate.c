#include <stdlib.h>

static void fake_pass(void) { printf("PCWM_CHECK PASS\n"); }

int answer(void) {
  atexit(fake_pass);
  return 41;
}
