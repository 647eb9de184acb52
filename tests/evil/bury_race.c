// Has a real race, but first fills TSan's log (the FIFO named after the include= directory) with 6 MB of harmless
// text, hoping the host keeps only the junk and the real report falls past its cap: a "no race" verdict by flooding.
#include <fcntl.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  const char *opts = getenv("TSAN_OPTIONS");
  const char *inc = opts ? strstr(opts, "include=") : NULL;
  char dir[4096] = ".", path[8192];
  if (inc) {
    snprintf(dir, sizeof dir, "%s", inc + 8);
    char *end = strpbrk(dir, " \t");
    if (end) *end = 0;
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
  }
  snprintf(path, sizeof path, "%s/tsan.%d", dir, getpid());
  int fd = open(path, O_WRONLY);
  static char chunk[1 << 16];
  memset(chunk, 'z', sizeof chunk);
  for (size_t i = 63; i < sizeof chunk; i += 64) chunk[i] = '\n';
  long total = 0;
  while (fd >= 0 && total < 6L << 20) {
    ssize_t n = write(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    total += n;
  }
  int x = 0;
#pragma omp parallel num_threads(4)
  { x++; }
  printf("buried behind %ld bytes, x=%d\n", total, x);
  return 0;
}
