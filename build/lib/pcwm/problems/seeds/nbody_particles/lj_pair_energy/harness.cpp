#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define lj_pair_energy pcwm_reference_lj_pair_energy
#include "reference.cpp"
#undef lj_pair_energy
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
static double pcwm_unit(uint64_t i) { return (double)(pcwm_mix(i) >> 11) * (1.0 / 9007199254740992.0); }

int main(int argc, char **argv)
{
    int n = argc > 1 ? std::atoi(argv[1]) : 500;
    if (n < 2) n = 2;
    int side = 1;
    while (side * side * side < n) side++;
    double spacing = std::cbrt(1.0 / 0.8);
    double box = side * spacing;
    std::vector<double> pos(3 * (size_t)n);
    for (int i = 0; i < n; i++) {
        int ix = i % side, iy = (i / side) % side, iz = i / (side * side);
        int g[3] = {ix, iy, iz};
        for (int d = 0; d < 3; d++) {
            double p = (g[d] + 0.5) * spacing + 0.2 * (pcwm_unit(3 * (uint64_t)i + d + 77) - 0.5);
            pos[3 * (size_t)i + d] = std::fmod(p + box, box);
        }
    }
    double rc = 2.5;
    double er = pcwm_reference_lj_pair_energy(n, pos.data(), box, rc);
    double ec = lj_pair_energy(n, pos.data(), box, rc);
    if (!(std::fabs(ec - er) <= 1e-9 * std::fabs(er) + 1e-12)) {
        std::printf("PCWM_CHECK FAIL energy %.12g, expected %.12g\n", ec, er);
        return 1;
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
