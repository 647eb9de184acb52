#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define pi_hits pcwm_reference_pi_hits
#include "reference.c"
#undef pi_hits
#include PCWM_CANDIDATE

int main(int argc, char **argv)
{
    long long pcwm_n = argc > 1 ? atoll(argv[1]) : 400000;
    if (pcwm_n < 1) pcwm_n = 1;
    unsigned long long pcwm_seed = 0x1234ABCDULL;
    long long pcwm_r = pcwm_reference_pi_hits(pcwm_n, pcwm_seed);
    long long pcwm_c = pi_hits(pcwm_n, pcwm_seed);
    if (pcwm_c != pcwm_r) {
        printf("PCWM_CHECK FAIL hits=%lld expected %lld\n", pcwm_c, pcwm_r);
        return 1;
    }
    printf("pi ~ %.6f\n", 4.0 * (double)pcwm_r / (double)pcwm_n);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
