#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define sobel_edges pcwm_reference_sobel_edges
#include "reference.c"
#undef sobel_edges
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
    int s = argc > 1 ? atoi(argv[1]) : 384;
    if (s < 3) s = 3;
    int w = s, h = s, thresh = 200;
    size_t np = (size_t)w * h;
    unsigned char *img = malloc(np);
    int *mr = malloc(sizeof(int) * np), *mc = malloc(sizeof(int) * np);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char p = pcwm_pixel(x, y, w, h, 2);
            /* a few hard-edged rectangles so real edges exist */
            if ((x / 40 + y / 56) % 3 == 0) p = (unsigned char)(p / 4);
            img[(size_t)y * w + x] = p;
        }
    for (size_t i = 0; i < np; i++) mc[i] = -1;
    int cr = pcwm_reference_sobel_edges(w, h, img, thresh, mr);
    int cc = sobel_edges(w, h, img, thresh, mc);
    if (cc != cr) {
        printf("PCWM_CHECK FAIL edge count %d, expected %d\n", cc, cr);
        return 1;
    }
    for (size_t i = 0; i < np; i++) {
        if (mc[i] != mr[i]) {
            printf("PCWM_CHECK FAIL mag at (%d,%d) = %d, expected %d\n", (int)(i % w), (int)(i / w), mc[i], mr[i]);
            return 1;
        }
    }
    free(img); free(mr); free(mc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
