// Strategy: guided schedule over interior rows with nowait; each thread's count merged in a critical section.
#include <omp.h>
#include <stdlib.h>

int sobel_edges(int w, int h, const unsigned char *img, int thresh, int *mag)
{
    int count = 0;
#pragma omp parallel
    {
        int mine = 0;
#pragma omp for schedule(static) nowait
        for (int x = 0; x < w; x++) {
            mag[x] = 0;
            mag[(h - 1) * w + x] = 0;
        }
#pragma omp for schedule(guided, 2) nowait
        for (int y = 1; y < h - 1; y++) {
            int *out = mag + (size_t)y * w;
            out[0] = 0;
            out[w - 1] = 0;
            for (int x = 1; x < w - 1; x++) {
                const unsigned char *p = img + (size_t)(y - 1) * w + x - 1; /* top-left of the 3x3 window */
                int gx = (p[2] + 2 * p[w + 2] + p[2 * w + 2]) - (p[0] + 2 * p[w] + p[2 * w]);
                int gy = (p[2 * w] + 2 * p[2 * w + 1] + p[2 * w + 2]) - (p[0] + 2 * p[1] + p[2]);
                int m = abs(gx) + abs(gy);
                out[x] = m;
                if (m > thresh) mine++;
            }
        }
#pragma omp critical
        count += mine;
    }
    return count;
}
