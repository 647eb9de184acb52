// Writes 300 MB of report-looking text into TSan's log (the FIFO named after the include= directory).
#include <fcntl.h>
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
  if (fd < 0) { printf("cannot open %s\n", path); return 0; }
  static char chunk[1 << 16];
  for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = "WARNING: ThreadSanitizer: data race\n"[i % 36];
  long total = 0;
  while (total < 300L << 20) {
    ssize_t n = write(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    total += n;
  }
  printf("wrote %ld\n", total);
  return 0;
}
