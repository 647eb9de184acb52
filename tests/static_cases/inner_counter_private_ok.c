// expect: no race
double m[50][50];
int main(void) {
  int i, j;
#pragma omp parallel for private(j)
  for (i = 0; i < 50; i++)
    for (j = 0; j < 50; j++)
      m[i][j] = i + j;
  return 0;
}
