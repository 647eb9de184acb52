#include <omp.h>

double average(std::vector<double> const& x) {
  double sum = 0.0;
#pragma omp parallel
  {
    double local = 0.0;
#pragma omp for schedule(static)
    for (size_t i = 0; i < x.size(); i++) {
      local += x[i];
    }
#pragma omp critical
    sum += local;
  }
  return sum / x.size();
}
