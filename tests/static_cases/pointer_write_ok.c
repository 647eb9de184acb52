// expect: no race
void scale(double *out, const double *in, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    *(out + i) = 2.0 * in[i];
}
int main(void) { double a[10] = {0}, b[10] = {0}; scale(a, b, 10); return 0; }
