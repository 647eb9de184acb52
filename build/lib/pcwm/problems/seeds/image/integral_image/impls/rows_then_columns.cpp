// Strategy: row prefix sums in one worksharing loop, implicit barrier, then column prefix sums in another.
#include <omp.h>

void integral_image(int w, int h, const unsigned char *img, long long *sat)
{
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int y = 0; y < h; y++) {
            long long run = 0;
            for (int x = 0; x < w; x++) {
                run += img[(long)y * w + x];
                sat[(long)y * w + x] = run;
            }
        }
#pragma omp for schedule(static)
        for (int x = 0; x < w; x++) {
            for (int y = 1; y < h; y++) sat[(long)y * w + x] += sat[(long)(y - 1) * w + x];
        }
    }
}
