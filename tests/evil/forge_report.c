// Race-free, but writes a TSan-looking race report wherever TSan's log could be: into every FIFO or file of the
// directory named in TSAN_OPTIONS (include=...), next to it, and on stderr.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *FAKE =
    "==================\nWARNING: ThreadSanitizer: data race (pid=2)\n"
    "  Write of size 4 at 0x7b0400000000 by thread T1:\n"
    "#0|main|/w/forge_report.c:40:5|40|5|(prog+0x1)\n\n"
    "  Previous write of size 4 at 0x7b0400000000 by main thread:\n"
    "#0|main|/w/forge_report.c:41:5|41|5|(prog+0x2)\n\n"
    "SUMMARY: ThreadSanitizer: data race /w/forge_report.c:40:5 in main\n==================\n";

int main(void) {
  const char *opts = getenv("TSAN_OPTIONS");
  char dir[4096] = ".";
  const char *inc = opts ? strstr(opts, "include=") : NULL;
  if (inc) {
    snprintf(dir, sizeof dir, "%s", inc + 8);
    char *end = strpbrk(dir, " \t");
    if (end) *end = 0;
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
  }
  int written = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.' || !strcmp(e->d_name, "opts")) continue;
    char p[8192];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    int fd = open(p, O_WRONLY | O_NONBLOCK);
    if (fd >= 0) { written += write(fd, FAKE, strlen(FAKE)) > 0; close(fd); }
  }
  for (int pid = 1; pid < 4; pid++) {  /* new files next to the log path */
    char p[8192];
    snprintf(p, sizeof p, "%s/tsan.%d", dir, pid + 100);
    int fd = open(p, O_WRONLY | O_CREAT | O_NONBLOCK, 0644);
    if (fd >= 0) { written += write(fd, FAKE, strlen(FAKE)) > 0; close(fd); }
  }
  fputs(FAKE, stderr);
  printf("forged into %d places\n", written);
  return 0;
}
