#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define com_recenter pcwm_reference_com_recenter
#include "reference.cpp"
#undef com_recenter
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
    int n = argc > 1 ? std::atoi(argv[1]) : 40000;
    if (n < 1) n = 1;
    size_t k = 3 * (size_t)n;
    std::vector<double> m(n), p0(k), v0(k);
    for (int i = 0; i < n; i++) m[i] = 0.1 + pcwm_unit(5 + (uint64_t)i);
    for (size_t i = 0; i < k; i++) {
        p0[i] = 10.0 * pcwm_unit(1000003 + i) + (i % 3 == 1 ? 4.0 : 0.0);
        v0[i] = pcwm_unit(2000003 + i) - 0.4;
    }
    std::vector<double> pr(p0), vr(v0), pc(p0), vc(v0);
    double cr[6], cc[6] = {0, 0, 0, 0, 0, 0};
    pcwm_reference_com_recenter(n, m.data(), pr.data(), vr.data(), cr);
    com_recenter(n, m.data(), pc.data(), vc.data(), cc);
    for (int j = 0; j < 6; j++) {
        if (!(std::fabs(cc[j] - cr[j]) <= 1e-9 * (std::fabs(cr[j]) + 1.0))) {
            std::printf("PCWM_CHECK FAIL com[%d] = %.12g, expected %.12g\n", j, cc[j], cr[j]);
            return 1;
        }
    }
    for (size_t i = 0; i < k; i++) {
        if (!(std::fabs(pc[i] - pr[i]) <= 1e-9 * 10.0) || !(std::fabs(vc[i] - vr[i]) <= 1e-9)) {
            std::printf("PCWM_CHECK FAIL element %zu: pos %.12g vel %.12g, expected %.12g %.12g\n", i, pc[i], vc[i],
                        pr[i], vr[i]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
