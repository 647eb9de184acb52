// expect: no race
#include <vector>
int main() {
  std::vector<double> v(100, 1.0);
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
    double local = v[i] * 2;
    v[i] = local;
  }
  return 0;
}
