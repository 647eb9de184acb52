// Strategy: one region; atomic in-degree increments, implicit barrier, then atomic histogram increments.
#include <omp.h>
#include <vector>

void indegree_histogram(int n, const int *rowptr, const int *adj, int nbins, int *hist) {
    std::vector<int> indeg(n);
    int *deg = indeg.data();
    #pragma omp parallel
    {
        #pragma omp for schedule(static) nowait
        for (int b = 0; b < nbins; b++)
            hist[b] = 0;
        #pragma omp for schedule(static)
        for (int v = 0; v < n; v++)
            deg[v] = 0;
        #pragma omp for schedule(dynamic, 128)
        for (int u = 0; u < n; u++)
            for (int p = rowptr[u]; p < rowptr[u + 1]; p++) {
                #pragma omp atomic
                deg[adj[p]]++;
            }
        #pragma omp for schedule(static)
        for (int v = 0; v < n; v++) {
            const int b = deg[v] < nbins - 1 ? deg[v] : nbins - 1;
            #pragma omp atomic
            hist[b]++;
        }
    }
}
