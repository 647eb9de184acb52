#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define segmented_scan pcwm_reference_segmented_scan
#include "reference.c"
#undef segmented_scan
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
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 160000;
    if (pcwm_n < 1) pcwm_n = 1;
    int *pcwm_val = malloc(sizeof(int) * pcwm_n);
    unsigned char *pcwm_head = malloc(pcwm_n);
    long long *pcwm_ref = malloc(sizeof(long long) * pcwm_n), *pcwm_out = malloc(sizeof(long long) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        uint64_t r = pcwm_mix64(2024 + (uint64_t)i);
        pcwm_val[i] = (int)(r % 201) - 100;
        /* region-dependent head density: long segments in the first third, short ones elsewhere */
        int period = i < pcwm_n / 3 ? 5000 : (i < 2 * pcwm_n / 3 ? 40 : 300);
        pcwm_head[i] = (unsigned char)(((r >> 32) % period) == 0);
        pcwm_out[i] = 123456789;
    }
    pcwm_head[0] = 0; /* index 0 starts a segment anyway */
    pcwm_reference_segmented_scan(pcwm_n, pcwm_val, pcwm_head, pcwm_ref);
    segmented_scan(pcwm_n, pcwm_val, pcwm_head, pcwm_out);
    for (int i = 0; i < pcwm_n; i++) {
        if (pcwm_out[i] != pcwm_ref[i]) {
            printf("PCWM_CHECK FAIL out[%d]=%lld expected %lld\n", i, pcwm_out[i], pcwm_ref[i]);
            return 1;
        }
    }
    free(pcwm_val); free(pcwm_head); free(pcwm_ref); free(pcwm_out);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
