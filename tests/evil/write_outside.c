/* Tries to leave files outside its work dir: argv[1] is a host path that must not appear. */
#include <stdio.h>
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "w");
  if (f) { fputs("escaped\n", f); fclose(f); puts("wrote"); } else puts("blocked");
  return 0;
}
