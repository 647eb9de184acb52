// Strategy: thread-local histogram, then merged stripe by stripe, each of 16 stripes guarded by an omp_lock_t.
#include <omp.h>

void gray_histogram(int npix, const unsigned char *rgb, unsigned char *gray, long *hist)
{
    const int nstripe = 16, width = 256 / nstripe;
    omp_lock_t locks[16];
    for (int s = 0; s < nstripe; s++) omp_init_lock(&locks[s]);
    for (int v = 0; v < 256; v++) hist[v] = 0;
#pragma omp parallel
    {
        long local[256] = {0};
#pragma omp for schedule(dynamic, 2048)
        for (int i = 0; i < npix; i++) {
            int g = (77 * rgb[3 * i] + 150 * rgb[3 * i + 1] + 29 * rgb[3 * i + 2] + 128) >> 8;
            gray[i] = (unsigned char)g;
            local[g]++;
        }
        /* start at a thread-dependent stripe so threads rarely wait on the same lock */
        int first = omp_get_thread_num() % nstripe;
        for (int k = 0; k < nstripe; k++) {
            int s = (first + k) % nstripe;
            omp_set_lock(&locks[s]);
            for (int v = s * width; v < (s + 1) * width; v++) hist[v] += local[v];
            omp_unset_lock(&locks[s]);
        }
    }
    for (int s = 0; s < nstripe; s++) omp_destroy_lock(&locks[s]);
}
