// expect: race task-instances 9 9
int main(void) {
  int total = 0;
#pragma omp parallel
#pragma omp single
  {
    for (int i = 0; i < 10; i++) {
#pragma omp task shared(total)
      total += i;
    }
  }
  return total;
}
