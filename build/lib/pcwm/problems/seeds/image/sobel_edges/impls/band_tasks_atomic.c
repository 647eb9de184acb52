// Strategy: one thread spawns a task per band of rows; each task counts locally and adds atomically; taskwait.
#include <omp.h>
#include <stdlib.h>

static int sbt_band(int y0, int y1, int w, int h, const unsigned char *img, int thresh, int *mag)
{
    int local = 0;
    for (int y = y0; y < y1; y++) {
        for (int x = 0; x < w; x++) {
            if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                mag[y * w + x] = 0;
                continue;
            }
            int gx = img[(y - 1) * w + x + 1] + 2 * img[y * w + x + 1] + img[(y + 1) * w + x + 1] -
                     img[(y - 1) * w + x - 1] - 2 * img[y * w + x - 1] - img[(y + 1) * w + x - 1];
            int gy = img[(y + 1) * w + x - 1] + 2 * img[(y + 1) * w + x] + img[(y + 1) * w + x + 1] -
                     img[(y - 1) * w + x - 1] - 2 * img[(y - 1) * w + x] - img[(y - 1) * w + x + 1];
            int m = abs(gx) + abs(gy);
            mag[y * w + x] = m;
            if (m > thresh) local++;
        }
    }
    return local;
}

int sobel_edges(int w, int h, const unsigned char *img, int thresh, int *mag)
{
    int count = 0;
    const int band = 12;
#pragma omp parallel shared(count)
    {
#pragma omp single
        {
            for (int y0 = 0; y0 < h; y0 += band) {
                int y1 = y0 + band < h ? y0 + band : h;
#pragma omp task firstprivate(y0, y1)
                {
                    int c = sbt_band(y0, y1, w, h, img, thresh, mag);
#pragma omp atomic
                    count += c;
                }
            }
#pragma omp taskwait
        }
    }
    return count;
}
