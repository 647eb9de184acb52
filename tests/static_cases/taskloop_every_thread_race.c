// expect: race loop-carried-offset 7 7
int a[100];
int main(void) {
#pragma omp parallel
  {
#pragma omp taskloop
    for (int i = 0; i < 100; i++) a[i] = a[i] + 1;
  }
  return 0;
}
