// Strategy: one region; threshold worksharing loop, its implicit barrier, then erosion loop with reduction(+).
#include <omp.h>

int threshold_erode(int w, int h, const unsigned char *img, int thr, unsigned char *mask, unsigned char *eroded)
{
    int count = 0;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int i = 0; i < w * h; i++) mask[i] = img[i] >= thr;
#pragma omp for schedule(static) reduction(+ : count)
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                unsigned char keep = 0;
                if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
                    const unsigned char *a = mask + (y - 1) * w + x - 1, *b = a + w, *c = b + w;
                    keep = a[0] & a[1] & a[2] & b[0] & b[1] & b[2] & c[0] & c[1] & c[2];
                }
                eroded[y * w + x] = keep;
                count += keep;
            }
        }
    }
    return count;
}
