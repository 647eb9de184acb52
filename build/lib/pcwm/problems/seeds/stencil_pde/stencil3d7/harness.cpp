#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
using std::fabs;
using std::fmax;

#define stencil3d7 pcwm_reference_stencil3d7
#include "reference.cpp"
#undef stencil3d7
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
    int n = (argc > 1) ? std::atoi(argv[1]) : 40;
    if (n < 3) n = 3;
    const int steps = 4;
    const size_t total = (size_t)n * n * n;
    std::vector<double> ur(total), uc(total);
    for (size_t c = 0; c < total; c++) ur[c] = uc[c] = pcwm_unit(29, c) * 3.0;
    pcwm_reference_stencil3d7(n, steps, ur.data());
    stencil3d7(n, steps, uc.data());
    for (size_t c = 0; c < total; c++) {
        if (!pcwm_close(ur[c], uc[c], 1e-12)) {
            std::printf("PCWM_CHECK FAIL u[%zu] = %.15g, expected %.15g\n", c, uc[c], ur[c]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
