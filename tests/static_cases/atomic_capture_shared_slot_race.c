// expect: race atomic-vs-plain 8 9
int out[100], count, slot;
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
    if (i % 3 == 0) {
#pragma omp atomic capture
      slot = count++;
      out[slot] = i;
    }
  }
  return 0;
}
