// expect: race task-instances 10 10
#define BLOCK 16
void scale(int n, const double *x, double *y) {
#pragma omp parallel
#pragma omp single
  {
    for (int b = 0; b < n; b += BLOCK) {
      int end = b + BLOCK + 1 < n ? b + BLOCK + 1 : n;
#pragma omp task firstprivate(b, end)
      for (int i = b; i < end; i++) y[i] = 2.0 * x[i];
    }
  }
}
int main(void) { double x[40] = {0}, y[40]; scale(40, x, y); return 0; }
