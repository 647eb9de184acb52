// Strategy: collapse(2) over all pixels with reduction(+) for the count and reduction(min/max) for the box.
#include <omp.h>

int threshold_bbox(int w, int h, const unsigned char *img, int thr, unsigned char *mask, int *bbox)
{
    int count = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
#pragma omp parallel for collapse(2) schedule(static) reduction(+ : count) reduction(min : x0, y0) \
    reduction(max : x1, y1)
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            unsigned char on = img[y * w + x] > thr;
            mask[y * w + x] = on;
            if (on) {
                count++;
                x0 = x < x0 ? x : x0;
                y0 = y < y0 ? y : y0;
                x1 = x > x1 ? x : x1;
                y1 = y > y1 ? y : y1;
            }
        }
    }
    if (count == 0) x0 = y0 = x1 = y1 = -1;
    bbox[0] = x0;
    bbox[1] = y0;
    bbox[2] = x1;
    bbox[3] = y1;
    return count;
}
