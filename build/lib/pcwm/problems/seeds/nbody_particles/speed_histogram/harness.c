#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define speed_histogram pcwm_reference_speed_histogram
#include "reference.c"
#undef speed_histogram
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
    int n = argc > 1 ? atoi(argv[1]) : 80000;
    if (n < 1) n = 1;
    int nbins = 64;
    double vmax = 4.0;
    double *vel = malloc(sizeof(double) * 3 * n);
    for (int i = 0; i < 3 * n; i++) {
        /* sum of 4 uniforms: roughly Gaussian, mean 0, sd ~0.58*1.4 */
        double g = 0.0;
        for (int k = 0; k < 4; k++) g += pcwm_unit(4 * (uint64_t)i + k + 99) - 0.5;
        vel[i] = 1.4 * g;
    }
    long *hr = malloc(sizeof(long) * nbins), *hc = malloc(sizeof(long) * nbins);
    for (int b = 0; b < nbins; b++) hc[b] = 1000000 + b;
    double mr = pcwm_reference_speed_histogram(n, vel, nbins, vmax, hr);
    double mc = speed_histogram(n, vel, nbins, vmax, hc);
    if (mc != mr) {
        printf("PCWM_CHECK FAIL max speed %.17g, expected %.17g\n", mc, mr);
        return 1;
    }
    for (int b = 0; b < nbins; b++) {
        if (hc[b] != hr[b]) {
            printf("PCWM_CHECK FAIL hist[%d] = %ld, expected %ld\n", b, hc[b], hr[b]);
            return 1;
        }
    }
    free(vel); free(hr); free(hc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
