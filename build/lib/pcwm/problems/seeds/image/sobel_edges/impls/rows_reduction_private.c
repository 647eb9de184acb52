// Strategy: parallel for over rows; gradient temporaries are private; edge count combined by reduction(+).
#include <omp.h>
#include <stdlib.h>

int sobel_edges(int w, int h, const unsigned char *img, int thresh, int *mag)
{
    int count = 0;
    int gx, gy, m;
#pragma omp parallel for schedule(static) private(gx, gy, m) reduction(+ : count)
    for (int y = 0; y < h; y++) {
        if (y == 0 || y == h - 1) {
            for (int x = 0; x < w; x++) mag[y * w + x] = 0;
            continue;
        }
        const unsigned char *u = img + (y - 1) * w, *c = img + y * w, *d = img + (y + 1) * w;
        mag[y * w] = 0;
        mag[y * w + w - 1] = 0;
        for (int x = 1; x < w - 1; x++) {
            gx = (u[x + 1] + 2 * c[x + 1] + d[x + 1]) - (u[x - 1] + 2 * c[x - 1] + d[x - 1]);
            gy = (d[x - 1] + 2 * d[x] + d[x + 1]) - (u[x - 1] + 2 * u[x] + u[x + 1]);
            m = abs(gx) + abs(gy);
            mag[y * w + x] = m;
            count += m > thresh;
        }
    }
    return count;
}
