// Strategy: each thread scans rows (dynamic, nowait) into a private count and box, then merges them under critical.
#include <omp.h>

int threshold_bbox(int w, int h, const unsigned char *img, int thr, unsigned char *mask, int *bbox)
{
    int count = 0, gx0 = w, gy0 = h, gx1 = -1, gy1 = -1;
#pragma omp parallel
    {
        int c = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
#pragma omp for schedule(dynamic, 4) nowait
        for (int y = 0; y < h; y++) {
            const unsigned char *row = img + (long)y * w;
            unsigned char *out = mask + (long)y * w;
            for (int x = 0; x < w; x++) {
                out[x] = row[x] > thr;
                if (!out[x]) continue;
                c++;
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
            }
        }
#pragma omp critical(tbb_merge)
        {
            count += c;
            if (x0 < gx0) gx0 = x0;
            if (y0 < gy0) gy0 = y0;
            if (x1 > gx1) gx1 = x1;
            if (y1 > gy1) gy1 = y1;
        }
    }
    if (count == 0) gx0 = gy0 = gx1 = gy1 = -1;
    bbox[0] = gx0;
    bbox[1] = gy0;
    bbox[2] = gx1;
    bbox[3] = gy1;
    return count;
}
