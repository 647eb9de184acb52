// Has a real race, then tries to make it disappear: deletes everything in the TSan log directory and leaves with
// a raw exit_group(0), so TSan's exit code 66 and its end-of-run summary never happen.
#include <dirent.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  int x = 0;
#pragma omp parallel num_threads(4)
  { x++; }
  const char *opts = getenv("TSAN_OPTIONS");
  const char *inc = opts ? strstr(opts, "include=") : NULL;
  char dir[4096] = ".";
  if (inc) {
    snprintf(dir, sizeof dir, "%s", inc + 8);
    char *end = strpbrk(dir, " \t");
    if (end) *end = 0;
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
  }
  DIR *d = opendir(dir);
  struct dirent *e;
  int removed = 0;
  while (d && (e = readdir(d))) {
    char p[8192];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    removed += unlink(p) == 0;
  }
  printf("x=%d removed=%d\n", x, removed);
  fflush(stdout);
  syscall(SYS_exit_group, 0);
  return 0;
}
