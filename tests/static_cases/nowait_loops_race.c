// expect: race no-barrier-between 8 11
int a[100], b[100];
int main(void) {
#pragma omp parallel
  {
#pragma omp for nowait
    for (int i = 0; i < 100; i++)
      a[i] = i;
#pragma omp for
    for (int i = 0; i < 99; i++)
      b[i] = a[i + 1];
  }
  return 0;
}
