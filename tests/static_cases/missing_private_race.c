// expect: race shared-scalar-in-loop 7 8
double x[100], y[100];
int main(void) {
  double t;
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
    t = x[i] * 2.0;
    y[i] = t + 1.0;
  }
  return 0;
}
