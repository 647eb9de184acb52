// expect: race task-vs-task 8 10
int main(void) {
  int x = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task shared(x)
    x = 1;
#pragma omp task shared(x)
    x = 2;
  }
  return x;
}
