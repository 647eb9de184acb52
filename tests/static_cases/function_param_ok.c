// expect: no race
void set(int *p, int v) { *p = v; }
int a[100];
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++)
    set(&a[i], i);
  return 0;
}
