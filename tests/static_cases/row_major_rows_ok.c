// expect: no race
void zero_rows(int n, double *m) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    m[i * n] = 1.0;
    for (int j = 1; j < n; j++) m[i * n + j] = 0.0;
  }
}
int main(void) { double m[16]; zero_rows(4, m); return 0; }
