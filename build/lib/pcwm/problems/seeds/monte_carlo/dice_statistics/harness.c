#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define dice_sums pcwm_reference_dice_sums
#include "reference.c"
#undef dice_sums
#include PCWM_CANDIDATE

int main(int argc, char **argv)
{
    long long pcwm_n = argc > 1 ? atoll(argv[1]) : 150000;
    if (pcwm_n < 1) pcwm_n = 1;
    const int pcwm_ndice = 4;
    const unsigned long long pcwm_seed = 0xD1CEULL;
    long long pcwm_rh[25], pcwm_ch[25];
    for (int s = 0; s < 25; s++) pcwm_ch[s] = 777;
    long long pcwm_rs = pcwm_reference_dice_sums(pcwm_n, pcwm_ndice, pcwm_seed, pcwm_rh);
    long long pcwm_cs = dice_sums(pcwm_n, pcwm_ndice, pcwm_seed, pcwm_ch);
    for (int s = 0; s < 25; s++)
        if (pcwm_ch[s] != pcwm_rh[s]) {
            printf("PCWM_CHECK FAIL hist[%d]=%lld expected %lld\n", s, pcwm_ch[s], pcwm_rh[s]);
            return 1;
        }
    if (pcwm_cs != pcwm_rs) {
        printf("PCWM_CHECK FAIL all-equal=%lld expected %lld\n", pcwm_cs, pcwm_rs);
        return 1;
    }
    printf("PCWM_CHECK PASS\n");
    return 0;
}
