#include <omp.h>

void gemv(std::vector<double> const& A, std::vector<double> const& x, std::vector<double> &y, size_t M, size_t N) {
  for (size_t i = 0; i < M; i++) {
    double acc = 0.0;
#pragma omp parallel for reduction(+ : acc)
    for (size_t j = 0; j < N; j++) {
      acc += A[i * N + j] * x[j];
    }
    y[i] = acc;
  }
}
