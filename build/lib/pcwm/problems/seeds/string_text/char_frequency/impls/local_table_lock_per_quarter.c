// Strategy: thread-local table filled by a dynamic nowait loop; merged quarter by quarter under four omp locks.
#include <omp.h>

void char_frequency(long n, const unsigned char *text, long *freq)
{
    omp_lock_t quarter[4];
    for (int q = 0; q < 4; q++) omp_init_lock(&quarter[q]);
#pragma omp parallel
    {
        long local[256];
        for (int b = 0; b < 256; b++) local[b] = 0;
#pragma omp for schedule(static)
        for (int b = 0; b < 256; b++) freq[b] = 0;
#pragma omp for schedule(dynamic, 8192) nowait
        for (long i = 0; i < n; i++) local[text[i]]++;
        for (int k = 0; k < 4; k++) {
            int q = (k + omp_get_thread_num()) & 3;
            omp_set_lock(&quarter[q]);
            for (int b = 64 * q; b < 64 * (q + 1); b++) freq[b] += local[b];
            omp_unset_lock(&quarter[q]);
        }
    }
    for (int q = 0; q < 4; q++) omp_destroy_lock(&quarter[q]);
}
