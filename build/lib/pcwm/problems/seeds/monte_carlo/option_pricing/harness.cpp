#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cmath>

#define mc_european_call pcwm_reference_mc_european_call
#include "reference.cpp"
#undef mc_european_call
#include PCWM_CANDIDATE

int main(int argc, char **argv)
{
    long long pcwm_n = argc > 1 ? std::atoll(argv[1]) : 200000;
    if (pcwm_n < 2) pcwm_n = 2;
    const unsigned long long pcwm_seed = 0x5EED0F0F1ULL;
    double pcwm_rp, pcwm_re, pcwm_cp = NAN, pcwm_ce = NAN;
    pcwm_reference_mc_european_call(pcwm_n, 100.0, 105.0, 0.03, 0.25, 1.0, pcwm_seed, &pcwm_rp, &pcwm_re);
    mc_european_call(pcwm_n, 100.0, 105.0, 0.03, 0.25, 1.0, pcwm_seed, &pcwm_cp, &pcwm_ce);
    if (!(std::fabs(pcwm_cp - pcwm_rp) <= 1e-9 * std::fabs(pcwm_rp))) {
        std::printf("PCWM_CHECK FAIL price=%.15g expected %.15g\n", pcwm_cp, pcwm_rp);
        return 1;
    }
    if (!(std::fabs(pcwm_ce - pcwm_re) <= 1e-7 * std::fabs(pcwm_re))) {
        std::printf("PCWM_CHECK FAIL std_error=%.15g expected %.15g\n", pcwm_ce, pcwm_re);
        return 1;
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
