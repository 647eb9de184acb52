#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define threshold_bbox pcwm_reference_threshold_bbox
#include "reference.c"
#undef threshold_bbox
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
    int s = argc > 1 ? atoi(argv[1]) : 400;
    if (s < 2) s = 2;
    int w = s, h = s, thr = 170;
    size_t np = (size_t)w * h;
    unsigned char *img = malloc(np), *mr = malloc(np), *mc = malloc(np);
    double cx = 0.62 * w, cy = 0.35 * h, rad = 0.18 * s;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (rad * rad);
            double v = 60.0 + 170.0 * exp(-d2) + 60.0 * (pcwm_unit((uint64_t)y * w + x + 17) - 0.5);
            img[(size_t)y * w + x] = (unsigned char)(v < 0 ? 0 : (v > 255 ? 255 : v));
        }
    memset(mc, 9, np);
    int br[4], bc[4] = {-5, -5, -5, -5};
    int cr = pcwm_reference_threshold_bbox(w, h, img, thr, mr, br);
    int cc = threshold_bbox(w, h, img, thr, mc, bc);
    if (cc != cr) {
        printf("PCWM_CHECK FAIL count %d, expected %d\n", cc, cr);
        return 1;
    }
    for (int k = 0; k < 4; k++) {
        if (bc[k] != br[k]) {
            printf("PCWM_CHECK FAIL bbox = {%d,%d,%d,%d}, expected {%d,%d,%d,%d}\n", bc[0], bc[1], bc[2], bc[3], br[0],
                   br[1], br[2], br[3]);
            return 1;
        }
    }
    if (memcmp(mc, mr, np) != 0) {
        printf("PCWM_CHECK FAIL mask differs\n");
        return 1;
    }
    free(img); free(mr); free(mc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
