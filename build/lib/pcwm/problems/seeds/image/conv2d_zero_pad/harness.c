#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define conv2d_zero_pad pcwm_reference_conv2d_zero_pad
#include "reference.c"
#undef conv2d_zero_pad
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
    int s = argc > 1 ? atoi(argv[1]) : 224;
    if (s < 1) s = 1;
    int w = s, h = s + 7, k = 5;
    size_t np = (size_t)w * h;
    float *in = malloc(sizeof(float) * np), *outr = malloc(sizeof(float) * np), *outc = malloc(sizeof(float) * np);
    float kern[25];
    for (int i = 0; i < k * k; i++) kern[i] = (float)(pcwm_unit(900 + i) - 0.3) * 0.2f;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            in[(size_t)y * w + x] = (float)(sin(0.05 * x) * cos(0.07 * y) + 0.5 * pcwm_unit((uint64_t)y * w + x));
    for (size_t i = 0; i < np; i++) outc[i] = NAN;
    pcwm_reference_conv2d_zero_pad(w, h, in, k, kern, outr);
    conv2d_zero_pad(w, h, in, k, kern, outc);
    for (size_t i = 0; i < np; i++) {
        if (!(fabsf(outc[i] - outr[i]) <= 1e-4f)) {
            printf("PCWM_CHECK FAIL out at (%d,%d) = %g, expected %g\n", (int)(i % w), (int)(i / w), outc[i], outr[i]);
            return 1;
        }
    }
    free(in); free(outr); free(outc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
