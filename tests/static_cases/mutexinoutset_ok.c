// expect: no race
int main(void) {
  int c = 0, r = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task shared(c) depend(mutexinoutset : c)
    c += 1;
#pragma omp task shared(c) depend(mutexinoutset : c)
    c += 2;
#pragma omp task shared(c, r) depend(in : c)
    r = c;
  }
  return r;
}
