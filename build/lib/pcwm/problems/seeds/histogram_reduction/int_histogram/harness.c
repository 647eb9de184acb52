#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define int_histogram pcwm_reference_int_histogram
#include "reference.c"
#undef int_histogram
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
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 250000;
    if (pcwm_n < 1) pcwm_n = 1;
    const int pcwm_nbins = 64;
    int *pcwm_data = malloc(sizeof(int) * pcwm_n);
    long long pcwm_ref[64], pcwm_out[64];
    for (int i = 0; i < pcwm_n; i++) {
        uint64_t r = pcwm_mix64(7 + (uint64_t)i);
        int b = (int)(r % pcwm_nbins);
        if ((r >> 40) % 4 == 0) b = (int)((r >> 20) % 4); /* popular bins 0..3 */
        pcwm_data[i] = b;
    }
    for (int b = 0; b < pcwm_nbins; b++) pcwm_out[b] = -99;
    pcwm_reference_int_histogram(pcwm_n, pcwm_data, pcwm_nbins, pcwm_ref);
    int_histogram(pcwm_n, pcwm_data, pcwm_nbins, pcwm_out);
    for (int b = 0; b < pcwm_nbins; b++) {
        if (pcwm_out[b] != pcwm_ref[b]) {
            printf("PCWM_CHECK FAIL hist[%d]=%lld expected %lld\n", b, pcwm_out[b], pcwm_ref[b]);
            return 1;
        }
    }
    free(pcwm_data);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
