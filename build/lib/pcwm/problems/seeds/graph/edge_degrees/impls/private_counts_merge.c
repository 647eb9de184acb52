/* Strategy: each thread counts its edges into a private array, merges it into deg under critical; max after a barrier. */
#include <omp.h>
#include <stdlib.h>

int edge_degrees(int n, int m, const int *src, const int *dst, int *deg) {
    int mx = 0;
    #pragma omp parallel
    {
        int *cnt = (int *)calloc((size_t)n, sizeof(int));
        #pragma omp for schedule(static)
        for (int v = 0; v < n; v++)
            deg[v] = 0;
        #pragma omp for schedule(static) nowait
        for (int e = 0; e < m; e++) {
            cnt[src[e]]++;
            cnt[dst[e]]++;
        }
        #pragma omp critical(ed_merge)
        {
            for (int v = 0; v < n; v++)
                deg[v] += cnt[v];
        }
        free(cnt);
        #pragma omp barrier
        #pragma omp for schedule(static) reduction(max:mx)
        for (int v = 0; v < n; v++)
            if (deg[v] > mx) mx = deg[v];
    }
    return mx;
}
