// Strategy: collapse(2) over output pixels with a static schedule; the accumulator is a private variable.
#include <omp.h>

void conv2d_zero_pad(int w, int h, const float *in, int k, const float *kern, float *out)
{
    const int c = k / 2;
    float acc;
#pragma omp parallel for collapse(2) schedule(static) private(acc)
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            acc = 0.0f;
            for (int i = 0; i < k; i++) {
                int yy = y + i - c;
                if (yy < 0 || yy >= h) continue;
                for (int j = 0; j < k; j++) {
                    int xx = x + j - c;
                    if (xx >= 0 && xx < w) acc += kern[i * k + j] * in[yy * w + xx];
                }
            }
            out[y * w + x] = acc;
        }
    }
}
