// Strategy: per level, a single thread spawns up to 8 tasks over row blocks and taskwaits; small levels run inline.
#include <omp.h>

static void mpt_rows(int y0, int y1, int sw, int dw, const float *src, float *dst)
{
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < dw; x++) {
            const float *p = src + (2 * y) * sw + 2 * x;
            dst[y * dw + x] = 0.25f * ((p[0] + p[1]) + (p[sw] + p[sw + 1]));
        }
}

void mean_pyramid(int w, int h, int levels, const float *in, float *out)
{
#pragma omp parallel
#pragma omp single
    {
        const float *src = in;
        float *dst = out;
        int sw = w, sh = h;
        for (int l = 1; l <= levels; l++) {
            int dw = sw / 2, dh = sh / 2;
            if ((long)dw * dh < 8192) {
                mpt_rows(0, dh, sw, dw, src, dst); /* too small to be worth tasks */
            } else {
                int rows = (dh + 7) / 8;
                for (int y0 = 0; y0 < dh; y0 += rows) {
                    int y1 = y0 + rows < dh ? y0 + rows : dh;
#pragma omp task firstprivate(y0, y1) shared(src, dst, sw, dw)
                    mpt_rows(y0, y1, sw, dw, src, dst);
                }
#pragma omp taskwait
            }
            src = dst;
            dst += dw * dh;
            sw = dw;
            sh = dh;
        }
    }
}
