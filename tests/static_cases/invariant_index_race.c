// expect: race loop-invariant-index 6 6
int hist[4];
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++)
    hist[0] = hist[0] + i;
  return 0;
}
