#include <omp.h>

void relu(std::vector<double> &x) {
#pragma omp parallel for schedule(dynamic, 1)
  for (size_t i = 0; i < x.size(); i++) {
    x[i] = x[i] < 0.0 ? 0.0 : x[i];
  }
}
