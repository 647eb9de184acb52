#include <omp.h>

void jacobi2D(std::vector<double> const& input, std::vector<double> &output, size_t N) {
#pragma omp parallel for collapse(2)
  for (size_t i = 0; i < N; i++) {
    for (size_t j = 0; j < N; j++) {
      const double up = i > 0 ? input[(i - 1) * N + j] : 0.0;
      const double down = i + 1 < N ? input[(i + 1) * N + j] : 0.0;
      const double left = j > 0 ? input[i * N + j - 1] : 0.0;
      const double right = j + 1 < N ? input[i * N + j + 1] : 0.0;
      output[i * N + j] = (up + down + left + right + input[i * N + j]) / 5.0;
    }
  }
}
