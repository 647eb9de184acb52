// expect: no race
float b[100];
int main(void) {
  int m = 4;
#pragma omp simd safelen(4)
  for (int i = m; i < 100; i++)
    b[i] = b[i - m] - 1.0f;
  return 0;
}
