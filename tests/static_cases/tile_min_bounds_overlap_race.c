// expect: race loop-carried-offset 7 7
void tiled(int n, double *a) {
  int t, r;
#pragma omp parallel for private(r)
  for (t = 0; t <= (n - 1) / 32; t++)
    for (r = 32 * t; r <= (32 * t + 32 < n - 1 ? 32 * t + 32 : n - 1); r++)
      a[r] = a[r] * 0.5;
}
int main(void) {
  static double a[1024];
  tiled(1024, a);
  return 0;
}
