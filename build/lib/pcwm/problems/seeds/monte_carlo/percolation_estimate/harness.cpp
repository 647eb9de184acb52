#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>

#define percolation_trials pcwm_reference_percolation_trials
#include "reference.cpp"
#undef percolation_trials
#include PCWM_CANDIDATE

int main(int argc, char **argv)
{
    int pcwm_trials = argc > 1 ? std::atoi(argv[1]) : 160;
    if (pcwm_trials < 1) pcwm_trials = 1;
    const int pcwm_L = 40;
    const double pcwm_p = 0.593;
    const unsigned long long pcwm_seed = 0xBEEF5ULL;
    std::vector<unsigned char> pcwm_rs(pcwm_trials), pcwm_cs(pcwm_trials, 9);
    int pcwm_rc = pcwm_reference_percolation_trials(pcwm_L, pcwm_trials, pcwm_p, pcwm_seed, pcwm_rs.data());
    int pcwm_cc = percolation_trials(pcwm_L, pcwm_trials, pcwm_p, pcwm_seed, pcwm_cs.data());
    for (int t = 0; t < pcwm_trials; t++)
        if (pcwm_cs[t] != pcwm_rs[t]) {
            std::printf("PCWM_CHECK FAIL spans[%d]=%d expected %d\n", t, pcwm_cs[t], pcwm_rs[t]);
            return 1;
        }
    if (pcwm_cc != pcwm_rc) {
        std::printf("PCWM_CHECK FAIL count=%d expected %d\n", pcwm_cc, pcwm_rc);
        return 1;
    }
    std::printf("spanning fraction %.3f\n", (double)pcwm_rc / pcwm_trials);
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
