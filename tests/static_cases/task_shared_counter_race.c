// expect: race task-vs-creator 6 9
int out[64];
int main(void) {
#pragma omp parallel
#pragma omp single
  for (int b = 0; b < 64; b += 8) {
#pragma omp task shared(b)
    {
      out[b] = 1;
    }
  }
  return 0;
}
