// expect: no race
#define MIN(a, b) ((a) < (b) ? (a) : (b))
void tiled(int n, int m, double a[256][256], const double b[256][256]) {
  int t1, t2, r, c;
#pragma omp parallel for private(t2, r, c)
  for (t1 = 0; t1 <= (n - 1) / 32; t1++)
    for (t2 = 0; t2 <= (m - 1) / 32; t2++)
      for (r = 32 * t1; r <= ((32 * t1 + 31 < n - 1 ? 32 * t1 + 31 : n - 1) < m - 1
                                   ? (32 * t1 + 31 < n - 1 ? 32 * t1 + 31 : n - 1) : m - 1); r++)
        for (c = 32 * t2; c <= (32 * t2 + 31 < m - 1 ? 32 * t2 + 31 : m - 1); c++)
          a[r][c] = a[r][c] + b[c][r];
}
int main(void) {
  static double a[256][256], b[256][256];
  tiled(256, 256, a, b);
  return 0;
}
