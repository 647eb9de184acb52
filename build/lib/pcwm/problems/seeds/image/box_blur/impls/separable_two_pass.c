// Strategy: separable filter; row pass into an int buffer, implicit barrier, then column pass, one parallel region.
#include <omp.h>
#include <stdlib.h>

void box_blur(int w, int h, int r, const unsigned char *in, unsigned char *out)
{
    const int area = (2 * r + 1) * (2 * r + 1);
    int *rows = malloc(sizeof(int) * (size_t)w * h);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int y = 0; y < h; y++) {
            const unsigned char *src = in + (size_t)y * w;
            for (int x = 0; x < w; x++) {
                int s = 0;
                for (int d = -r; d <= r; d++) {
                    int xx = x + d < 0 ? 0 : (x + d >= w ? w - 1 : x + d);
                    s += src[xx];
                }
                rows[(size_t)y * w + x] = s;
            }
        }
#pragma omp for schedule(static)
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = 0;
                for (int d = -r; d <= r; d++) {
                    int yy = y + d < 0 ? 0 : (y + d >= h ? h - 1 : y + d);
                    s += rows[(size_t)yy * w + x];
                }
                out[(size_t)y * w + x] = (unsigned char)((s + area / 2) / area);
            }
        }
    }
    free(rows);
}
