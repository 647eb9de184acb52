// Prints the first bytes of every path it is given (or why it could not), e.g. /etc/shadow or a file in a home dir.
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) { printf("%s: %s\n", argv[i], strerror(errno)); continue; }
    char buf[256] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    printf("%s: READ %zu bytes: %s\n", argv[i], n, buf);
  }
  return 0;
}
