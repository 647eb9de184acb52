#include <stdlib.h>

int sobel_edges(int w, int h, const unsigned char *img, int thresh, int *mag)
{
    int count = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                mag[y * w + x] = 0;
                continue;
            }
            const unsigned char *u = img + (y - 1) * w, *c = img + y * w, *d = img + (y + 1) * w;
            int gx = (u[x + 1] + 2 * c[x + 1] + d[x + 1]) - (u[x - 1] + 2 * c[x - 1] + d[x - 1]);
            int gy = (d[x - 1] + 2 * d[x] + d[x + 1]) - (u[x - 1] + 2 * u[x] + u[x + 1]);
            int m = abs(gx) + abs(gy);
            mag[y * w + x] = m;
            if (m > thresh) count++;
        }
    }
    return count;
}
