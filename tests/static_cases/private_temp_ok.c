// expect: no race
double x[100], y[100];
int main(void) {
  double t;
#pragma omp parallel for private(t)
  for (int i = 0; i < 100; i++) {
    t = x[i] * 2.0;
    y[i] = t + 1.0;
  }
  return 0;
}
