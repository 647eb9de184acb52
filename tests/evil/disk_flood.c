// Fills the disk: 16 MB files in its working directory, then in $TMPDIR and /tmp, until writes fail; prints how
// many MB it managed in each place.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long fill(const char *dir) {
  static char buf[1 << 20];
  memset(buf, 'x', sizeof buf);
  long mb = 0;
  for (int f = 0; f < 400; f++) {
    char p[4096];
    snprintf(p, sizeof p, "%s/fill-%d", dir, f);
    FILE *out = fopen(p, "w");
    if (!out) return mb;
    for (int i = 0; i < 16; i++) {
      if (fwrite(buf, 1, sizeof buf, out) != sizeof buf) { fclose(out); return mb; }
      mb++;
    }
    if (fclose(out) != 0) return mb;
  }
  return mb;
}

int main(void) {
  const char *tmp = getenv("TMPDIR");
  printf("cwd_mb=%ld\n", fill("."));
  printf("tmpdir_mb=%ld\n", fill(tmp ? tmp : "/tmp"));
  printf("tmp_mb=%ld\n", fill("/tmp"));
  return 0;
}
