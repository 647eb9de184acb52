// expect: race loop-carried-offset 9 9
void sweep(int n, double *u) {
  const long nn = (long)n * n;
#pragma omp parallel for collapse(2)
  for (int z = 1; z < n; z++)
    for (int y = 0; y < n; y++)
      for (int x = 0; x < n; x++) {
        long c = z * nn + (long)y * n + x;
        u[c] = u[c - nn] + 1.0;
      }
}
int main(void) { double u[64] = {0}; sweep(4, u); return 0; }
