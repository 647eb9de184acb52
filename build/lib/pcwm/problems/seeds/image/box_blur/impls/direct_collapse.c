// Strategy: direct window sum per pixel; both image loops collapsed into one static parallel for.
#include <omp.h>

void box_blur(int w, int h, int r, const unsigned char *in, unsigned char *out)
{
    const int area = (2 * r + 1) * (2 * r + 1);
    int sum, xx, yy;
#pragma omp parallel for collapse(2) schedule(static) private(sum, xx, yy)
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            sum = 0;
            for (int dy = -r; dy <= r; dy++) {
                yy = y + dy;
                yy = yy < 0 ? 0 : (yy >= h ? h - 1 : yy);
                for (int dx = -r; dx <= r; dx++) {
                    xx = x + dx;
                    xx = xx < 0 ? 0 : (xx >= w ? w - 1 : xx);
                    sum += in[yy * w + xx];
                }
            }
            out[y * w + x] = (unsigned char)((sum + area / 2) / area);
        }
    }
}
