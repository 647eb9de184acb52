/* Strategy: OpenMP array-section reduction over deg for the edge loop, then a second parallel for with reduction(max). */
#include <omp.h>

int edge_degrees(int n, int m, const int *src, const int *dst, int *deg) {
    for (int v = 0; v < n; v++)
        deg[v] = 0;
    #pragma omp parallel for schedule(static) reduction(+:deg[0:n])
    for (int e = 0; e < m; e++) {
        deg[src[e]]++;
        deg[dst[e]]++;
    }
    int mx = 0;
    #pragma omp parallel for schedule(static) reduction(max:mx)
    for (int v = 0; v < n; v++)
        mx = deg[v] > mx ? deg[v] : mx;
    return mx;
}
