// expect: race team-shared-write 3 3
int counter;
void bump(void) { counter++; }
int main(void) {
#pragma omp parallel
  bump();
  return counter;
}
