#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#define tail_probability pcwm_reference_tail_probability
#include "reference.c"
#undef tail_probability
#include PCWM_CANDIDATE

int main(int argc, char **argv)
{
    long long pcwm_n = argc > 1 ? atoll(argv[1]) : 250000;
    if (pcwm_n < 2) pcwm_n = 2;
    const unsigned long long pcwm_seed = 0x7A11ULL;
    double pcwm_rr, pcwm_cr = NAN;
    double pcwm_re = pcwm_reference_tail_probability(pcwm_n, 4.0, pcwm_seed, &pcwm_rr);
    double pcwm_ce = tail_probability(pcwm_n, 4.0, pcwm_seed, &pcwm_cr);
    if (!(fabs(pcwm_ce - pcwm_re) <= 1e-9 * fabs(pcwm_re))) {
        printf("PCWM_CHECK FAIL estimate=%.15g expected %.15g\n", pcwm_ce, pcwm_re);
        return 1;
    }
    if (!(fabs(pcwm_cr - pcwm_rr) <= 1e-6 * fabs(pcwm_rr))) {
        printf("PCWM_CHECK FAIL rel_err=%.15g expected %.15g\n", pcwm_cr, pcwm_rr);
        return 1;
    }
    printf("PCWM_CHECK PASS\n");
    return 0;
}
