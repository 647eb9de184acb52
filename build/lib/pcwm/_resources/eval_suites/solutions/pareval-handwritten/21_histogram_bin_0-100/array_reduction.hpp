#include <omp.h>

void binsBy10Count(std::vector<double> const& x, std::array<size_t, 10> &bins) {
  size_t counts[10] = {0};
#pragma omp parallel for reduction(+ : counts[:10]) schedule(guided)
  for (size_t i = 0; i < x.size(); i++) {
    size_t b = (size_t)(x[i] / 10.0);
    counts[b > 9 ? 9 : b]++;
  }
  for (int b = 0; b < 10; b++) bins[b] = counts[b];
}
