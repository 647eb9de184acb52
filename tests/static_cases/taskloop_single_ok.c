// expect: no race
int a[100];
int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp taskloop
    for (int i = 0; i < 100; i++) a[i] = a[i] + 1;
  }
  return 0;
}
