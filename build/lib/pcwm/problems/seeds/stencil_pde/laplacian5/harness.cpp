#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
using std::fabs;
using std::fmax;

#define laplacian5 pcwm_reference_laplacian5
#include "reference.cpp"
#undef laplacian5
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
    int n = (argc > 1) ? std::atoi(argv[1]) : 384;
    if (n < 3) n = 3;
    int nx = n, ny = n + 7;   /* non-square on purpose */
    std::vector<double> u((size_t)nx * ny), outr((size_t)nx * ny, 0.0), outc((size_t)nx * ny, -777.0);
    for (int i = 0; i < nx; i++)
        for (int j = 0; j < ny; j++)
            u[(size_t)i * ny + j] = std::sin(0.05 * i) * std::cos(0.03 * j) + 0.1 * pcwm_unit(25, (uint64_t)i * ny + j);
    double sr = pcwm_reference_laplacian5(nx, ny, u.data(), outr.data());
    double sc = laplacian5(nx, ny, u.data(), outc.data());
    for (size_t k = 0; k < outr.size(); k++) {
        if (!pcwm_close(outr[k], outc[k], 1e-12)) {
            std::printf("PCWM_CHECK FAIL out[%zu] = %g, expected %g\n", k, outc[k], outr[k]);
            return 1;
        }
    }
    if (!pcwm_close(sr, sc, 1e-9)) {
        std::printf("PCWM_CHECK FAIL sum = %.12g, expected %.12g\n", sc, sr);
        return 1;
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
