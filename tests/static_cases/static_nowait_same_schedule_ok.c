// expect: no race
double y[100], x[100];
int main(void) {
#pragma omp parallel
  {
#pragma omp for schedule(static) nowait
    for (int i = 0; i < 100; i++) y[i] = 0.0;
#pragma omp for schedule(static) nowait
    for (int j = 0; j < 100; j++) y[j] += x[j];
  }
  return 0;
}
