#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>

#define float_bins pcwm_reference_float_bins
#include "reference.cpp"
#undef float_bins
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
    int pcwm_n = argc > 1 ? std::atoi(argv[1]) : 200000;
    if (pcwm_n < 1) pcwm_n = 1;
    const int pcwm_nbins = 48;
    std::vector<double> pcwm_x(pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        double s = 0.0;
        for (int k = 0; k < 4; k++)
            s += (double)(pcwm_mix64(4 * (uint64_t)i + k + 123) >> 11) * 0x1.0p-53;
        pcwm_x[i] = (s - 2.0) * 1.7320508075688772;     /* roughly N(0,1) */
        if (i % 97 == 0) pcwm_x[i] *= 4.0;               /* outliers */
        if (i % 1001 == 0) pcwm_x[i] = 3.0;              /* exactly hi */
    }
    std::vector<int> pcwm_r(pcwm_nbins + 2), pcwm_c(pcwm_nbins + 2, -5);
    pcwm_reference_float_bins(pcwm_n, pcwm_x.data(), -3.0, 3.0, pcwm_nbins, pcwm_r.data());
    float_bins(pcwm_n, pcwm_x.data(), -3.0, 3.0, pcwm_nbins, pcwm_c.data());
    for (int b = 0; b < pcwm_nbins + 2; b++) {
        if (pcwm_c[b] != pcwm_r[b]) {
            std::printf("PCWM_CHECK FAIL counts[%d]=%d expected %d\n", b, pcwm_c[b], pcwm_r[b]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
