// expect: race loop-carried-offset 6 7
void normalise(int rows, const int *rowptr, double *vals) {
#pragma omp parallel for
  for (int i = 0; i < rows; i++) {
    double s = 0.0;
    for (int p = rowptr[i]; p <= rowptr[i + 1]; p++) s += vals[p];
    for (int p = rowptr[i]; p < rowptr[i + 1]; p++) vals[p] /= s;
  }
}
int main(void) {
  int rowptr[4] = {0, 2, 3, 5};
  double vals[6] = {1, 2, 3, 4, 5, 6};
  normalise(3, rowptr, vals);
  return 0;
}
