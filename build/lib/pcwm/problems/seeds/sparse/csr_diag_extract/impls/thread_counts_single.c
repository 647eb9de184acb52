/* Strategy: per-thread miss counters in a shared array; after the loop's implicit barrier a single thread sums them. */
#include <omp.h>
#include <stdlib.h>

int csr_diag_extract(int n, const int *rowptr, const int *colidx, const double *vals, double *diag) {
    int maxt = omp_get_max_threads();
    int *cnt = (int *)calloc((size_t)maxt, sizeof(int));
    int missing = 0;
    #pragma omp parallel num_threads(maxt)
    {
        int t = omp_get_thread_num();
        #pragma omp for schedule(guided)
        for (int i = 0; i < n; i++) {
            double d = 0.0;
            int found = 0;
            for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                if (colidx[p] == i) { d = vals[p]; found = 1; break; }
            diag[i] = d;
            if (!found)
                cnt[t]++;
        }
        #pragma omp single
        {
            for (int u = 0; u < omp_get_num_threads(); u++)
                missing += cnt[u];
        }
    }
    free(cnt);
    return missing;
}
