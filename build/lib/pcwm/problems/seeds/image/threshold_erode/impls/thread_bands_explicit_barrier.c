// Strategy: each thread owns a fixed row band in both phases; explicit barrier between them; single sums counts.
#include <omp.h>
#include <stdlib.h>

int threshold_erode(int w, int h, const unsigned char *img, int thr, unsigned char *mask, unsigned char *eroded)
{
    int nt = omp_get_max_threads();
    int *part = calloc(nt, sizeof(int));
    int count = 0;
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num(), team = omp_get_num_threads();
        int y0 = h * tid / team, y1 = h * (tid + 1) / team;
        for (int i = y0 * w; i < y1 * w; i++) mask[i] = (unsigned char)(img[i] >= thr);
#pragma omp barrier
        int c = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int keep = x > 0 && y > 0 && x < w - 1 && y < h - 1;
                for (int dy = -1; keep && dy <= 1; dy++)
                    for (int dx = -1; keep && dx <= 1; dx++) keep = mask[(y + dy) * w + x + dx];
                eroded[y * w + x] = (unsigned char)keep;
                c += keep;
            }
        }
        part[tid] = c;
#pragma omp barrier
#pragma omp single
        for (int t = 0; t < team; t++) count += part[t];
    }
    free(part);
    return count;
}
