// expect: no race
int out[10];
int main(void) {
#pragma omp parallel
#pragma omp single
  {
    for (int i = 0; i < 10; i++) {
#pragma omp task
      out[i] = i * i;
    }
  }
  return out[3];
}
