// expect: race no-barrier-between 11 15
void sweep(int n, int steps, double *a, double *b) {
#pragma omp parallel
  {
    for (int s = 0; s < steps; s++) {
#pragma omp for
      for (int i = 1; i < n - 1; i++)
        b[i] = 0.5 * (a[i - 1] + a[i + 1]);
#pragma omp for nowait
      for (int i = 1; i < n - 1; i++)
        a[i] = b[i];
    }
#pragma omp for
    for (int i = 0; i < n; i++)
      b[i] = a[n - 1 - i];
  }
}
int main(void) {
  double a[100] = {0}, b[100] = {0};
  sweep(100, 10, a, b);
  return 0;
}
