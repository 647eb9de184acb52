// expect: no race
int main(void) {
  int x = 0, y = 0, z = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task shared(x) depend(out : x)
    x = 1;
#pragma omp task shared(x, y) depend(in : x) depend(out : y)
    y = 2;
#pragma omp task shared(x, y, z) depend(in : y)
    z = x + y;
  }
  return z;
}
