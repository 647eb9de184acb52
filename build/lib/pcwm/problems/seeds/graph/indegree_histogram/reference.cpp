#include <vector>

void indegree_histogram(int n, const int *rowptr, const int *adj, int nbins, int *hist) {
    std::vector<int> indeg(n, 0);
    for (int u = 0; u < n; u++)
        for (int p = rowptr[u]; p < rowptr[u + 1]; p++)
            indeg[adj[p]]++;
    for (int b = 0; b < nbins; b++)
        hist[b] = 0;
    for (int v = 0; v < n; v++)
        hist[indeg[v] < nbins - 1 ? indeg[v] : nbins - 1]++;
}
