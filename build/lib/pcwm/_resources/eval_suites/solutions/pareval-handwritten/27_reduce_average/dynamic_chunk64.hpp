#include <omp.h>

double average(std::vector<double> const& x) {
  double sum = 0.0;
#pragma omp parallel for reduction(+ : sum) schedule(dynamic, 64)
  for (size_t i = 0; i < x.size(); i++) {
    sum += x[i];
  }
  return sum / x.size();
}
