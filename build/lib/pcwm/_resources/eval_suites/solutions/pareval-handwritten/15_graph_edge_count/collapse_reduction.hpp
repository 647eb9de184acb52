#include <omp.h>

int edgeCount(std::vector<int> const& A, size_t N) {
  int count = 0;
#pragma omp parallel for collapse(2) reduction(+ : count)
  for (size_t i = 0; i < N; i++) {
    for (size_t j = 0; j < N; j++) {
      if (A[i * N + j] == 1) count++;
    }
  }
  return count;
}
