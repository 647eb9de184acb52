// expect: no race
int a[100];
int main(void) {
#pragma omp simd safelen(4)
  for (int i = 4; i < 100; i++)
    a[i] = a[i - 4] + 1;
  return 0;
}
