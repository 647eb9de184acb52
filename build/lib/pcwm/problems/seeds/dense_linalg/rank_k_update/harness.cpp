#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
using std::fabs;
using std::fmax;

#define rank_k_update pcwm_reference_rank_k_update
#include "reference.cpp"
#undef rank_k_update
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
    const int k = 32;
    std::vector<double> U((size_t)k * n), V((size_t)k * n), Ar((size_t)n * n), Ac((size_t)n * n);
    for (size_t e = 0; e < U.size(); e++) { U[e] = pcwm_unit(13, e) - 0.5; V[e] = pcwm_unit(14, e) * 2.0 - 1.0; }
    for (size_t e = 0; e < Ar.size(); e++) Ar[e] = Ac[e] = pcwm_unit(15, e);
    pcwm_reference_rank_k_update(n, k, U.data(), V.data(), Ar.data());
    rank_k_update(n, k, U.data(), V.data(), Ac.data());
    for (size_t e = 0; e < Ar.size(); e++) {
        if (!pcwm_close(Ar[e], Ac[e], 1e-9)) {
            std::printf("PCWM_CHECK FAIL A[%zu] = %g, expected %g\n", e, Ac[e], Ar[e]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
