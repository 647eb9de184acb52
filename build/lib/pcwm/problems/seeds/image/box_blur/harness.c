#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define box_blur pcwm_reference_box_blur
#include "reference.c"
#undef box_blur
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
static double pcwm_unit(uint64_t i) { return (double)(pcwm_mix(i) >> 11) * (1.0 / 9007199254740992.0); }

/* smooth structured pattern plus uniform noise, clamped to 0..255 */
static unsigned char pcwm_pixel(int x, int y, int w, int h, uint64_t salt)
{
    double u = (double)x / w, v = (double)y / h;
    double val = 128.0 + 90.0 * sin(7.0 * u + 3.0 * v) * cos(5.0 * v - 2.0 * u) +
                 40.0 * (pcwm_unit(salt * 1000003ULL + (uint64_t)y * w + x) - 0.5);
    if (val < 0.0) val = 0.0;
    if (val > 255.0) val = 255.0;
    return (unsigned char)val;
}

int main(int argc, char **argv)
{
    int s = argc > 1 ? atoi(argv[1]) : 320;
    if (s < 4) s = 4;
    int w = s, h = s * 3 / 4, r = 2;
    unsigned char *in = malloc((size_t)w * h), *ref = malloc((size_t)w * h), *got = malloc((size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) in[y * w + x] = pcwm_pixel(x, y, w, h, 1);
    memset(got, 0xAB, (size_t)w * h);
    pcwm_reference_box_blur(w, h, r, in, ref);
    box_blur(w, h, r, in, got);
    for (int i = 0; i < w * h; i++) {
        if (got[i] != ref[i]) {
            printf("PCWM_CHECK FAIL pixel (%d,%d) = %d, expected %d\n", i % w, i / w, got[i], ref[i]);
            return 1;
        }
    }
    free(in); free(ref); free(got);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
