// Tries to move itself out of its cgroup (into the root of every v1/v2 hierarchy), then allocates and touches
// 900 MB: inside its cgroup it is killed at the memory cap.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  const char *roots[] = {"/sys/fs/cgroup/memory/cgroup.procs", "/sys/fs/cgroup/pids/cgroup.procs",
                         "/sys/fs/cgroup/cgroup.procs", "/sys/fs/cgroup/unified/cgroup.procs"};
  int moved = 0;
  for (unsigned i = 0; i < sizeof roots / sizeof roots[0]; i++) {
    FILE *f = fopen(roots[i], "w");
    if (f && fprintf(f, "%d\n", getpid()) > 0 && fclose(f) == 0) moved++;
  }
  printf("moved=%d\n", moved);
  fflush(stdout);
  for (int i = 0; i < 900; i++) {
    char *p = malloc(1 << 20);
    if (!p) break;
    memset(p, 1, 1 << 20);
  }
  printf("allocated all\n");
  return 0;
}
