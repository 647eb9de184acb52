// expect: no race
int a[200], b[100];
int main(void) {
  int j = 0;
#pragma omp parallel for linear(j)
  for (int i = 0; i < 100; i++) {
    a[j] = b[i];
    j++;
  }
  return 0;
}
