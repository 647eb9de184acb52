// expect: race loop-carried-offset 6 6
void shift(double *a, int n) {
  double *b = a + 1;
#pragma omp parallel for
  for (int i = 0; i < n - 1; i++)
    b[i] = a[i] * 0.5;
}
int main(void) { double a[10] = {0}; shift(a, 10); return 0; }
