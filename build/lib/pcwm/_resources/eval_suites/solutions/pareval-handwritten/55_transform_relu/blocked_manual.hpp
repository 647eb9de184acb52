#include <omp.h>

void relu(std::vector<double> &x) {
  const size_t n = x.size();
#pragma omp parallel
  {
    const size_t nt = omp_get_num_threads();
    const size_t t = omp_get_thread_num();
    const size_t begin = n * t / nt;
    const size_t end = n * (t + 1) / nt;
    for (size_t i = begin; i < end; i++) {
      if (x[i] < 0.0) x[i] = 0.0;
    }
  }
}
