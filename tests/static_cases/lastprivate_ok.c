// expect: no race
int main(void) {
  int x = 0;
#pragma omp parallel for lastprivate(x)
  for (int i = 0; i < 100; i++)
    x = i;
  return x;
}
