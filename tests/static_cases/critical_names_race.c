// expect: race team-shared-write 8 11
int main(void) {
  int count = 0;
#pragma omp parallel
  {
#pragma omp critical(alpha)
    {
      count = count + 1;
    }
#pragma omp critical(beta)
    count = count - 1;
  }
  return count;
}
