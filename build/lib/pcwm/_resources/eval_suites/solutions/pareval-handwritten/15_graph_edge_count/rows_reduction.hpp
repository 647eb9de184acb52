#include <omp.h>

int edgeCount(std::vector<int> const& A, size_t N) {
  int count = 0;
#pragma omp parallel for reduction(+ : count) schedule(static)
  for (size_t i = 0; i < N; i++) {
    for (size_t j = 0; j < N; j++) {
      count += A[i * N + j] == 1;
    }
  }
  return count;
}
