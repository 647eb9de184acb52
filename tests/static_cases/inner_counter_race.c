// expect: race shared-scalar-in-loop 7 7
double m[50][50];
int main(void) {
  int i, j;
#pragma omp parallel for
  for (i = 0; i < 50; i++)
    for (j = 0; j < 50; j++)
      m[i][j] = i + j;
  return 0;
}
