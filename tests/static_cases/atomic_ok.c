// expect: no race
int main(void) {
  int count = 0;
#pragma omp parallel
  {
#pragma omp atomic
    count++;
  }
  return count;
}
