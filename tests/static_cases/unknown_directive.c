// expect: undecided
int a[100];
int main(void) {
#pragma omp parallel
  {
#pragma omp tile sizes(4)
    for (int i = 0; i < 100; i++)
      a[i] = i;
  }
  return 0;
}
