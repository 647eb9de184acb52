// expect: race shared-scalar-in-loop 8 8
int main(void) {
  int sum = 0;
  int a[64];
  for (int i = 0; i < 64; i++) a[i] = i;
#pragma omp parallel for
  for (int i = 0; i < 64; i++)
    sum += a[i];
  return sum;
}
