#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
using std::fabs;
using std::fmax;

#define ell_spmv pcwm_reference_ell_spmv
#include "reference.cpp"
#undef ell_spmv
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
    int n = (argc > 1) ? std::atoi(argv[1]) : 30000;
    if (n < 1) n = 1;
    const int width = 12;
    std::vector<int> cols((size_t)width * n, -1);
    std::vector<double> vals((size_t)width * n, 0.0), x(n), yr(n, 0.0), yc(n, -777.0);
    for (int i = 0; i < n; i++) {
        int len = 1 + (int)(pcwm_mix64(51000000u + (uint64_t)i) % (uint64_t)width);
        for (int k = 0; k < len; k++) {
            size_t e = (size_t)k * n + i;
            cols[e] = (int)(pcwm_mix64(52000000u + e) % (uint64_t)n);
            vals[e] = pcwm_unit(53, e) * 2.0 - 1.0;
        }
        x[i] = pcwm_unit(54, i) - 0.5;
    }
    pcwm_reference_ell_spmv(n, width, cols.data(), vals.data(), x.data(), yr.data());
    ell_spmv(n, width, cols.data(), vals.data(), x.data(), yc.data());
    for (int i = 0; i < n; i++) {
        if (!pcwm_close(yr[i], yc[i], 1e-9)) {
            std::printf("PCWM_CHECK FAIL y[%d] = %g, expected %g\n", i, yc[i], yr[i]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
