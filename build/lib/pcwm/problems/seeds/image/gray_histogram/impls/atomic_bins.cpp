// Strategy: parallel for over pixels; each gray level's bin is incremented with an atomic update.
#include <omp.h>

void gray_histogram(int npix, const unsigned char *rgb, unsigned char *gray, long *hist)
{
#pragma omp parallel
    {
#pragma omp for
        for (int v = 0; v < 256; v++) hist[v] = 0;
#pragma omp for schedule(static, 256)
        for (int i = 0; i < npix; i++) {
            const unsigned char *p = rgb + 3 * (long)i;
            int g = (77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8;
            gray[i] = (unsigned char)g;
#pragma omp atomic
            hist[g]++;
        }
    }
}
