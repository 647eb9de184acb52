// Strategy: private table per thread (guided nowait loop), then merged stripe by stripe under 32 omp_lock_t locks.
#include <omp.h>
#include <stdlib.h>

#define KML_STRIPES 32

void kmer_count(long n, const char *dna, int k, long *counts)
{
    const long size = 1L << (2 * k);
    const long per = (size + KML_STRIPES - 1) / KML_STRIPES;
    omp_lock_t locks[KML_STRIPES];
    for (int s = 0; s < KML_STRIPES; s++) omp_init_lock(&locks[s]);
    for (long c = 0; c < size; c++) counts[c] = 0;
#pragma omp parallel
    {
        long *local = calloc(size, sizeof(long));
#pragma omp for schedule(guided, 512) nowait
        for (long i = 0; i <= n - k; i++) {
            long code = 0;
            for (int j = 0; j < k; j++) {
                char b = dna[i + j];
                code = code * 4 + (b == 'A' ? 0 : (b == 'C' ? 1 : (b == 'G' ? 2 : 3)));
            }
            local[code]++;
        }
        int tid = omp_get_thread_num();
        for (int q = 0; q < KML_STRIPES; q++) {
            int s = (q + tid * 5) % KML_STRIPES;
            long c0 = s * per, c1 = c0 + per < size ? c0 + per : size;
            omp_set_lock(&locks[s]);
            for (long c = c0; c < c1; c++) counts[c] += local[c];
            omp_unset_lock(&locks[s]);
        }
        free(local);
    }
    for (int s = 0; s < KML_STRIPES; s++) omp_destroy_lock(&locks[s]);
}
