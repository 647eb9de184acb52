#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#define mc_integrate pcwm_reference_mc_integrate
#include "reference.c"
#undef mc_integrate
#include PCWM_CANDIDATE

int main(int argc, char **argv)
{
    long long pcwm_n = argc > 1 ? atoll(argv[1]) : 300000;
    if (pcwm_n < 1) pcwm_n = 1;
    unsigned long long pcwm_seed = 0xC0FFEE1234ULL;
    double pcwm_r = pcwm_reference_mc_integrate(pcwm_n, pcwm_seed);
    double pcwm_c = mc_integrate(pcwm_n, pcwm_seed);
    if (!(fabs(pcwm_c - pcwm_r) <= 1e-10 * fabs(pcwm_r))) {
        printf("PCWM_CHECK FAIL estimate=%.15g expected %.15g\n", pcwm_c, pcwm_r);
        return 1;
    }
    printf("PCWM_CHECK PASS\n");
    return 0;
}
