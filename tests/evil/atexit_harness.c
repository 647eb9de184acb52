// A harness whose check fails (the candidate's answer is wrong); the candidate registers an atexit handler that
// prints a PASS line after the harness's FAIL line.
#include <stdio.h>
#include PCWM_CANDIDATE

int main(void) {
  if (answer() != 42) {
    printf("PCWM_CHECK FAIL answer %d, expected 42\n", answer());
    return 1;
  }
  printf("PCWM_CHECK PASS\n");
  return 0;
}
