// expect: race loop-carried-offset 10 10
void eliminate(int n, double *a) {
  for (int k = 0; k < n - 1; k++) {
    const double *pivot = a + (long)k * n;
#pragma omp parallel for
    for (int i = k; i < n; i++) {
      double *row = a + (long)i * n;
      double l = row[k] / pivot[k];
      for (int j = k; j < n; j++)
        row[j] -= l * pivot[j];
    }
  }
}
int main(void) {
  static double a[32 * 32];
  for (int i = 0; i < 32; i++) a[i * 32 + i] = 1.0;
  eliminate(32, a);
  return 0;
}
