// expect: no race
int main(void) {
  int a[100], n = 100;
#pragma omp parallel for default(none) shared(a, n)
  for (int i = 0; i < n; i++) {
    int sq = i * i;
    a[i] = sq;
  }
  return a[5];
}
