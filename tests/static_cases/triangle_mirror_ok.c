// expect: no race
void mirror(int n, double *a) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    a[i * n + i] = 0.0;
    for (int j = i + 1; j < n; j++) {
      a[i * n + j] = 1.0 / (1 + i + j);
      a[j * n + i] = 1.0 / (1 + i + j);
    }
  }
}
int main(void) {
  static double a[40 * 40];
  mirror(40, a);
  return 0;
}
