#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define photon_slab pcwm_reference_photon_slab
#include "reference.c"
#undef photon_slab
#include PCWM_CANDIDATE

int main(int argc, char **argv)
{
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 30000;
    if (pcwm_n < 1) pcwm_n = 1;
    const unsigned long long pcwm_seed = 271828ULL;
    long long pcwm_rc[3], pcwm_cc[3] = {-1, -1, -1};
    long long pcwm_re = pcwm_reference_photon_slab(pcwm_n, 2.0, 2.5, 0.3, pcwm_seed, pcwm_rc);
    long long pcwm_ce = photon_slab(pcwm_n, 2.0, 2.5, 0.3, pcwm_seed, pcwm_cc);
    const char *pcwm_names[3] = {"reflected", "transmitted", "absorbed"};
    for (int k = 0; k < 3; k++)
        if (pcwm_cc[k] != pcwm_rc[k]) {
            printf("PCWM_CHECK FAIL %s=%lld expected %lld\n", pcwm_names[k], pcwm_cc[k], pcwm_rc[k]);
            return 1;
        }
    if (pcwm_ce != pcwm_re) {
        printf("PCWM_CHECK FAIL events=%lld expected %lld\n", pcwm_ce, pcwm_re);
        return 1;
    }
    printf("PCWM_CHECK PASS\n");
    return 0;
}
