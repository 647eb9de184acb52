// expect: race loop-carried-offset 7 7
void sweep(int n, int colour, double *u) {
#pragma omp parallel for firstprivate(colour)
  for (int i = 1; i < n - 1; i++) {
    int j0 = 1 + ((i + colour) & 1);
    for (int j = j0; j < n - 1; j++)
      u[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]);
  }
}
int main(void) {
  static double u[32 * 32];
  sweep(32, 0, u);
  return 0;
}
