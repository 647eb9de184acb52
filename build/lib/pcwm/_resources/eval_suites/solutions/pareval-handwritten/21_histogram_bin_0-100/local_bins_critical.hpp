#include <omp.h>

void binsBy10Count(std::vector<double> const& x, std::array<size_t, 10> &bins) {
  bins.fill(0);
#pragma omp parallel
  {
    size_t local[10] = {0};
#pragma omp for schedule(static)
    for (size_t i = 0; i < x.size(); i++) {
      size_t b = (size_t)(x[i] / 10.0);
      if (b > 9) b = 9;
      local[b]++;
    }
#pragma omp critical
    for (int b = 0; b < 10; b++) bins[b] += local[b];
  }
}
