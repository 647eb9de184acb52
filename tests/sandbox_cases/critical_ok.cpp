// expect: ok
#include <cstdio>
#include <vector>
#include <omp.h>

int main() {
  std::vector<int> hist(8, 0);
#pragma omp parallel for
  for (int i = 0; i < 4000; i++) {
#pragma omp critical
    hist[i % 8]++;
  }
  std::printf("%d\n", hist[3]);
  return 0;
}
