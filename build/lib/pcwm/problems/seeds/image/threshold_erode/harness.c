#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define threshold_erode pcwm_reference_threshold_erode
#include "reference.c"
#undef threshold_erode
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
    int s = argc > 1 ? atoi(argv[1]) : 360;
    if (s < 3) s = 3;
    int w = s, h = s - s / 6, thr = 128;
    size_t np = (size_t)w * h;
    unsigned char *img = malloc(np);
    unsigned char *mr = malloc(np), *er = malloc(np), *mc = malloc(np), *ec = malloc(np);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) img[(size_t)y * w + x] = pcwm_pixel(x, y, w, h, 3);
    memset(mc, 5, np);
    memset(ec, 5, np);
    int cr = pcwm_reference_threshold_erode(w, h, img, thr, mr, er);
    int cc = threshold_erode(w, h, img, thr, mc, ec);
    if (cc != cr) {
        printf("PCWM_CHECK FAIL count %d, expected %d\n", cc, cr);
        return 1;
    }
    if (memcmp(mc, mr, np) != 0) {
        printf("PCWM_CHECK FAIL mask differs\n");
        return 1;
    }
    if (memcmp(ec, er, np) != 0) {
        printf("PCWM_CHECK FAIL eroded image differs\n");
        return 1;
    }
    free(img); free(mr); free(er); free(mc); free(ec);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
