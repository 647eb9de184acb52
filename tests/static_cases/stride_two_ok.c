// expect: no race
int a[202];
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 200; i += 2)
    a[i] = a[i + 1];
  return 0;
}
