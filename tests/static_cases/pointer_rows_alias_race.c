// expect: race loop-carried-offset 9 9
int main(void) {
  static double b[64];
  double *u[2] = {&b[0], &b[30]};
  int p = 0;
  for (int t = 0; t < 4; t++) {
#pragma omp parallel for
    for (int i = 1; i < 31; i++)
      u[1 - p][i] = 0.5 * (u[p][i - 1] + u[p][i + 1]);
    p = 1 - p;
  }
  return 0;
}
