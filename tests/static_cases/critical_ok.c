// expect: no race
int main(void) {
  int count = 0;
#pragma omp parallel
  {
#pragma omp critical
    count = count + 1;
  }
  return count;
}
