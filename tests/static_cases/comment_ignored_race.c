// expect: race shared-scalar-in-loop 7 7
int main(void) {
  int sum = 0;
#pragma omp parallel for
  for (int i = 0; i < 10; i++)
    /* this loop is race-free: sum is a reduction */
    sum += i;
  return sum;
}
