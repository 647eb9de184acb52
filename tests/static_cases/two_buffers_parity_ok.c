// expect: no race
double u[2][64];
int main(void) {
  int p = 0;
  for (int t = 0; t < 10; t++) {
#pragma omp parallel for
    for (int i = 1; i < 63; i++)
      u[1 - p][i] = 0.5 * (u[p][i - 1] + u[p][i + 1]);
    p = 1 - p;
  }
  return 0;
}
