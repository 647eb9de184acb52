// expect: no race
int a[100], b[100];
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
    a[i] = b[i] * 2;
    a[i] += 1;
  }
  return 0;
}
