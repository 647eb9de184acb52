// expect: race task-instances 10 10
#define BLOCK 16
void scale(int n, const double *x, double *y) {
#pragma omp parallel
#pragma omp single
  for (int b = 0; n > b; b++) {
#pragma omp task firstprivate(b)
    {
      int end = (b + 2) * BLOCK < n ? (b + 2) * BLOCK : n;
      for (int i = b * BLOCK; end > i; i++) y[i] = 2.0 * x[i];
    }
  }
}
int main(void) { double x[64] = {0}, y[64]; scale(64, x, y); return 0; }
