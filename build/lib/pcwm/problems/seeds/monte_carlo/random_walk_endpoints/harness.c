#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#define random_walks pcwm_reference_random_walks
#include "reference.c"
#undef random_walks
#include PCWM_CANDIDATE

int main(int argc, char **argv)
{
    int pcwm_w = argc > 1 ? atoi(argv[1]) : 4000;
    if (pcwm_w < 1) pcwm_w = 1;
    const int pcwm_steps = 100, pcwm_nbins = 32;
    unsigned long long pcwm_seed = 987654321ULL;
    int *pcwm_rx = malloc(sizeof(int) * pcwm_w), *pcwm_ry = malloc(sizeof(int) * pcwm_w);
    int *pcwm_cx = malloc(sizeof(int) * pcwm_w), *pcwm_cy = malloc(sizeof(int) * pcwm_w);
    long long pcwm_rh[32], pcwm_ch[32];
    for (int i = 0; i < pcwm_w; i++) pcwm_cx[i] = pcwm_cy[i] = 1 << 30;
    for (int b = 0; b < pcwm_nbins; b++) pcwm_ch[b] = -3;
    double pcwm_r = pcwm_reference_random_walks(pcwm_w, pcwm_steps, pcwm_seed, pcwm_rx, pcwm_ry, pcwm_rh, pcwm_nbins);
    double pcwm_c = random_walks(pcwm_w, pcwm_steps, pcwm_seed, pcwm_cx, pcwm_cy, pcwm_ch, pcwm_nbins);
    for (int i = 0; i < pcwm_w; i++)
        if (pcwm_cx[i] != pcwm_rx[i] || pcwm_cy[i] != pcwm_ry[i]) {
            printf("PCWM_CHECK FAIL walker %d ends at (%d,%d) expected (%d,%d)\n", i, pcwm_cx[i], pcwm_cy[i],
                   pcwm_rx[i], pcwm_ry[i]);
            return 1;
        }
    for (int b = 0; b < pcwm_nbins; b++)
        if (pcwm_ch[b] != pcwm_rh[b]) {
            printf("PCWM_CHECK FAIL dist_hist[%d]=%lld expected %lld\n", b, pcwm_ch[b], pcwm_rh[b]);
            return 1;
        }
    if (!(fabs(pcwm_c - pcwm_r) <= 1e-12 * fabs(pcwm_r) + 1e-12)) {
        printf("PCWM_CHECK FAIL msd=%.15g expected %.15g\n", pcwm_c, pcwm_r);
        return 1;
    }
    free(pcwm_rx); free(pcwm_ry); free(pcwm_cx); free(pcwm_cy);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
