// expect: race loop-carried-offset 8 8
double v[101];
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
    int k = i;
    k += 1;
    v[k] = v[i] * 2.0;
  }
  return 0;
}
