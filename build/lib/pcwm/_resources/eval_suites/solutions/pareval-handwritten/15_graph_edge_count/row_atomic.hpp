#include <omp.h>

int edgeCount(std::vector<int> const& A, size_t N) {
  int count = 0;
#pragma omp parallel for schedule(dynamic, 4)
  for (size_t i = 0; i < N; i++) {
    int row = 0;
    for (size_t j = 0; j < N; j++) {
      row += A[i * N + j] == 1;
    }
#pragma omp atomic
    count += row;
  }
  return count;
}
