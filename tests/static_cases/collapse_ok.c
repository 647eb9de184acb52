// expect: no race
double m[50][50];
int main(void) {
  int i, j;
#pragma omp parallel for collapse(2)
  for (i = 0; i < 50; i++)
    for (j = 0; j < 50; j++)
      m[i][j] = m[i][j] + 1.0;
  return 0;
}
