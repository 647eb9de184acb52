// expect: no race
int a[200];
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++)
    a[2 * i] = a[2 * i + 1];
  return 0;
}
