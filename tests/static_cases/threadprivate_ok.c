// expect: no race
int counter;
#pragma omp threadprivate(counter)
int main(void) {
#pragma omp parallel
  counter = counter + 1;
  return 0;
}
