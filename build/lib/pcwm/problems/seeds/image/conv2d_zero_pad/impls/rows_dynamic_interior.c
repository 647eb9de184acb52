// Strategy: dynamic schedule over rows; interior pixels take an unchecked fast path, border pixels a checked one.
#include <omp.h>

static float cdi_border(int w, int h, const float *in, int k, const float *kern, int y, int x)
{
    int c = k / 2;
    float acc = 0.0f;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) {
            int yy = y + i - c, xx = x + j - c;
            if (yy >= 0 && yy < h && xx >= 0 && xx < w) acc += kern[i * k + j] * in[yy * w + xx];
        }
    return acc;
}

void conv2d_zero_pad(int w, int h, const float *in, int k, const float *kern, float *out)
{
    const int c = k / 2;
#pragma omp parallel for schedule(dynamic, 2)
    for (int y = 0; y < h; y++) {
        int inner = (y >= c && y < h - c);
        for (int x = 0; x < w; x++) {
            if (!inner || x < c || x >= w - c) {
                out[y * w + x] = cdi_border(w, h, in, k, kern, y, x);
                continue;
            }
            const float *base = in + (y - c) * w + (x - c);
            float acc = 0.0f;
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) acc += kern[i * k + j] * base[i * w + j];
            out[y * w + x] = acc;
        }
    }
}
