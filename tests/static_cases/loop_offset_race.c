// expect: race loop-carried-offset 7 7
int a[100];
int main(void) {
  int i;
#pragma omp parallel for
  for (i = 0; i < 99; i++)
    a[i + 1] = a[i] + 1;
  return 0;
}
