#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
using std::fabs;
using std::fmax;

#define matmul pcwm_reference_matmul
#include "reference.cpp"
#undef matmul
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
/* deterministic uniform double in [0,1) from a stream id and an index */
static double pcwm_unit(uint64_t stream, uint64_t i) {
    return (double)(pcwm_mix64(stream * 0x100000001B3ULL + i) >> 11) * (1.0 / 9007199254740992.0);
}
static int pcwm_close(double a, double b, double rtol) {
    double d = fabs(a - b), s = fmax(fabs(a), fabs(b));
    return d <= rtol * (s > 1.0 ? s : 1.0);
}
int main(int argc, char **argv) {
    int n = (argc > 1) ? std::atoi(argv[1]) : 128;
    if (n < 1) n = 1;
    std::vector<double> A((size_t)n * n), B((size_t)n * n), Cr((size_t)n * n, 0.0), Cc((size_t)n * n, -777.0);
    for (size_t k = 0; k < A.size(); k++) { A[k] = pcwm_unit(3, k) - 0.5; B[k] = pcwm_unit(4, k) * 2.0 - 1.0; }
    pcwm_reference_matmul(n, A.data(), B.data(), Cr.data());
    matmul(n, A.data(), B.data(), Cc.data());
    for (size_t k = 0; k < Cr.size(); k++) {
        if (!pcwm_close(Cr[k], Cc[k], 1e-9)) {
            std::printf("PCWM_CHECK FAIL C[%zu] = %g, expected %g\n", k, Cc[k], Cr[k]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
