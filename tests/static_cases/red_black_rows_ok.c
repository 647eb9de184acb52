// expect: no race
void red_sweep(int n, double *u, const double *f) {
#pragma omp parallel for
  for (int i = 1; i < n - 1; i++)
    for (int j = 1 + (i & 1); j < n - 1; j += 2)
      u[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]
                             + f[i * n + j]);
}
int main(void) {
  static double u[64 * 64], f[64 * 64];
  red_sweep(64, u, f);
  return 0;
}
