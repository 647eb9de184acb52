// expect: no race
int out[100], count;
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
    if (i % 3 == 0) {
      int slot;
#pragma omp atomic capture
      slot = count++;
      out[slot] = i;
    }
  }
  return 0;
}
