/* Strategy: zero deg, then every edge endpoint increments its counter atomically; max via reduction(max). */
#include <omp.h>

int edge_degrees(int n, int m, const int *src, const int *dst, int *deg) {
    int mx = 0;
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int v = 0; v < n; v++)
            deg[v] = 0;
        #pragma omp for schedule(static)
        for (int e = 0; e < m; e++) {
            #pragma omp atomic
            deg[src[e]]++;
            #pragma omp atomic
            deg[dst[e]]++;
        }
        #pragma omp for schedule(static) reduction(max:mx)
        for (int v = 0; v < n; v++)
            if (deg[v] > mx) mx = deg[v];
    }
    return mx;
}
