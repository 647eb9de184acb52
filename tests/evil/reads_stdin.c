#include <stdio.h>
int main(void) {
  char buf[256];
  long n = 0;
  while (fgets(buf, sizeof buf, stdin)) n++;
  printf("lines=%ld\n", n);
  return 0;
}
