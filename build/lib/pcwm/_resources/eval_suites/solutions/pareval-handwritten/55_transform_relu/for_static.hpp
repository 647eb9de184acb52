#include <omp.h>

void relu(std::vector<double> &x) {
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < x.size(); i++) {
    if (x[i] < 0.0) {
      x[i] = 0.0;
    }
  }
}
