// expect: no race
int main(void) {
  int count = 0;
#pragma omp parallel num_threads(1)
  count = count + 1;
  return count;
}
