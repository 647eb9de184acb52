// expect: no race
void smooth(int n, const double *u, double *t) {
  const long nn = (long)n * n;
#pragma omp parallel for collapse(2)
  for (int z = 1; z < n - 1; z++)
    for (int y = 1; y < n - 1; y++)
      for (int x = 1; x < n - 1; x++) {
        long c = z * nn + (long)y * n + x;
        t[c] = (u[c - 1] + u[c + 1] + u[c - n] + u[c + n] + u[c - nn] + u[c + nn]) / 6.0;
      }
}
int main(void) { double u[64] = {0}, t[64]; smooth(4, u, t); return 0; }
