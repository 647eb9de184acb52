// expect: race loop-carried-offset 6 6
void red_sweep(int n, double *u) {
#pragma omp parallel for
  for (int i = 1; i < n - 1; i++)
    for (int j = 1 + (i & 1); j < n - 1; j += 2)
      u[i * n + j] = 0.5 * (u[(i - 1) * n + j + 1] + u[(i + 1) * n + j - 1]);
}
int main(void) {
  static double u[64 * 64];
  red_sweep(64, u);
  return 0;
}
