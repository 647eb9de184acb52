// Strategy: tasks threshold row bands, taskwait, then tasks erode row bands and add counts atomically, taskwait.
#include <omp.h>

static int bte_erode_rows(int y0, int y1, int w, int h, const unsigned char *mask, unsigned char *eroded)
{
    int c = 0;
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < w; x++) {
            int keep = 0;
            if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
                keep = 1;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) keep &= mask[(y + dy) * w + x + dx];
            }
            eroded[y * w + x] = (unsigned char)keep;
            c += keep;
        }
    return c;
}

int threshold_erode(int w, int h, const unsigned char *img, int thr, unsigned char *mask, unsigned char *eroded)
{
    int count = 0;
    const int band = h / 8 > 16 ? h / 8 : 16;
#pragma omp parallel
#pragma omp single
    {
        for (int y0 = 0; y0 < h; y0 += band) {
            int y1 = y0 + band < h ? y0 + band : h;
#pragma omp task firstprivate(y0, y1)
            for (int i = y0 * w; i < y1 * w; i++) mask[i] = img[i] >= thr;
        }
#pragma omp taskwait
        for (int y0 = 0; y0 < h; y0 += band) {
            int y1 = y0 + band < h ? y0 + band : h;
#pragma omp task firstprivate(y0, y1) shared(count)
            {
                int c = bte_erode_rows(y0, y1, w, h, mask, eroded);
#pragma omp atomic
                count += c;
            }
        }
#pragma omp taskwait
    }
    return count;
}
