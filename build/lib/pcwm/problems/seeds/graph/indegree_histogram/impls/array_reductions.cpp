// Strategy: array-section reductions: reduction(+:indeg[0:n]) over out-edges, then reduction(+:hist[0:nbins]).
#include <omp.h>
#include <vector>

void indegree_histogram(int n, const int *rowptr, const int *adj, int nbins, int *hist) {
    std::vector<int> storage(n, 0);
    int *indeg = storage.data();
    #pragma omp parallel for schedule(guided) reduction(+:indeg[0:n])
    for (int u = 0; u < n; u++)
        for (int p = rowptr[u]; p < rowptr[u + 1]; p++)
            indeg[adj[p]]++;
    for (int b = 0; b < nbins; b++)
        hist[b] = 0;
    #pragma omp parallel for schedule(static) reduction(+:hist[0:nbins])
    for (int v = 0; v < n; v++)
        hist[indeg[v] < nbins - 1 ? indeg[v] : nbins - 1]++;
}
