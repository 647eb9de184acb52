// Strategy: one parallel region; each level is a worksharing loop whose implicit barrier publishes it to the next.
#include <omp.h>

void mean_pyramid(int w, int h, int levels, const float *in, float *out)
{
#pragma omp parallel
    {
        const float *src = in;
        float *dst = out;
        int sw = w, sh = h;
        for (int l = 1; l <= levels; l++) {
            int dw = sw / 2, dh = sh / 2;
#pragma omp for schedule(static)
            for (int y = 0; y < dh; y++) {
                const float *r0 = src + (2 * y) * sw, *r1 = r0 + sw;
                for (int x = 0; x < dw; x++)
                    dst[y * dw + x] = 0.25f * ((r0[2 * x] + r0[2 * x + 1]) + (r1[2 * x] + r1[2 * x + 1]));
            }
            src = dst;
            dst += dw * dh;
            sw = dw;
            sh = dh;
        }
    }
}
