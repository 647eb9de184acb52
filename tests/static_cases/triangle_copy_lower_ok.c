// expect: no race
void copy_lower(int n, double g[64][64]) {
#pragma omp parallel for
  for (int a = 0; a < n; a++)
    for (int b = 0; b < a; b++)
      g[a][b] = g[b][a];
}
int main(void) {
  static double g[64][64];
  copy_lower(64, g);
  return 0;
}
