#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define mean_pyramid pcwm_reference_mean_pyramid
#include "reference.c"
#undef mean_pyramid
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
static double pcwm_unit(uint64_t i) { return (double)(pcwm_mix(i) >> 11) * (1.0 / 9007199254740992.0); }

int main(int argc, char **argv)
{
    int levels = 5;
    int s = argc > 1 ? atoi(argv[1]) : 512;
    s = (s >> levels) << levels;
    if (s < (1 << levels)) s = 1 << levels;
    int w = s, h = ((s * 5 / 8) >> levels) << levels;
    if (h < (1 << levels)) h = 1 << levels;
    size_t total = 0;
    for (int l = 1; l <= levels; l++) total += (size_t)(w >> l) * (h >> l);
    float *in = malloc(sizeof(float) * (size_t)w * h);
    float *outr = malloc(sizeof(float) * total), *outc = malloc(sizeof(float) * total);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            in[(size_t)y * w + x] = (float)(100.0 * pcwm_unit((uint64_t)y * w + x + 5) + 0.3 * x - 0.2 * y);
    for (size_t i = 0; i < total; i++) outc[i] = -1e30f;
    pcwm_reference_mean_pyramid(w, h, levels, in, outr);
    mean_pyramid(w, h, levels, in, outc);
    for (size_t i = 0; i < total; i++) {
        if (outc[i] != outr[i]) {
            printf("PCWM_CHECK FAIL out[%zu] = %.9g, expected %.9g\n", i, outc[i], outr[i]);
            return 1;
        }
    }
    free(in); free(outr); free(outc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
