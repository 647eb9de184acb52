// expect: race indirect-index 7 7
double v[100];
int idx[50];
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 50; i++)
    v[idx[i]] += 1.0;
  return 0;
}
