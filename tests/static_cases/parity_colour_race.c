// expect: race loop-carried-offset 5 5
void colour_pass(int n, int colour, double *a) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    a[2 * i + colour] = a[2 * i + 2 - colour] + 1.0;
}
int main(void) {
  static double a[202];
  colour_pass(100, 0, a);
  return 0;
}
