// Strategy: worksharing loop writes one summary per row; implicit barrier; a single thread folds rows into the result.
#include <omp.h>
#include <stdlib.h>

int threshold_bbox(int w, int h, const unsigned char *img, int thr, unsigned char *mask, int *bbox)
{
    int *rowc = malloc(sizeof(int) * h), *rowlo = malloc(sizeof(int) * h), *rowhi = malloc(sizeof(int) * h);
    int count = 0;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int y = 0; y < h; y++) {
            int c = 0, lo = w, hi = -1;
            for (int x = 0; x < w; x++) {
                int on = img[y * w + x] > thr;
                mask[y * w + x] = (unsigned char)on;
                if (on) {
                    c++;
                    if (lo == w) lo = x;
                    hi = x;
                }
            }
            rowc[y] = c;
            rowlo[y] = lo;
            rowhi[y] = hi;
        }
#pragma omp single
        {
            int x0 = w, y0 = -1, x1 = -1, y1 = -1;
            for (int y = 0; y < h; y++) {
                if (rowc[y] == 0) continue;
                count += rowc[y];
                if (y0 < 0) y0 = y;
                y1 = y;
                if (rowlo[y] < x0) x0 = rowlo[y];
                if (rowhi[y] > x1) x1 = rowhi[y];
            }
            if (count == 0) x0 = y0 = x1 = y1 = -1;
            bbox[0] = x0;
            bbox[1] = y0;
            bbox[2] = x1;
            bbox[3] = y1;
        }
    }
    free(rowc);
    free(rowlo);
    free(rowhi);
    return count;
}
