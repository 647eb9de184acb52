#include <omp.h>

void binsBy10Count(std::vector<double> const& x, std::array<size_t, 10> &bins) {
  bins.fill(0);
#pragma omp parallel for
  for (size_t i = 0; i < x.size(); i++) {
    size_t b = (size_t)(x[i] / 10.0);
    if (b > 9) b = 9;
#pragma omp atomic
    bins[b]++;
  }
}
