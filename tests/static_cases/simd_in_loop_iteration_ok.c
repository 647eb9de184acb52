// expect: no race
void two_passes(int n, double a[64][64], double b[64][64]) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
#pragma omp simd
    for (int j = 0; j < n; j++)
      a[i][j] = 1.0 * j;
#pragma omp simd
    for (int j = 0; j < n; j++)
      b[i][j] = a[i][j] + a[i][n - 1 - j];
  }
}
int main(void) {
  static double a[64][64], b[64][64];
  two_passes(64, a, b);
  return 0;
}
