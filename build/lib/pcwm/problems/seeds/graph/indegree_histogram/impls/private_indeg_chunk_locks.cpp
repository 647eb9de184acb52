// Strategy: private per-thread in-degree vectors merged chunk by chunk under per-chunk locks; private histograms merged in critical.
#include <omp.h>
#include <vector>

static const int IH_CHUNKS = 32;

void indegree_histogram(int n, const int *rowptr, const int *adj, int nbins, int *hist) {
    std::vector<int> indeg(n, 0);
    std::vector<omp_lock_t> lk(IH_CHUNKS);
    for (auto &l : lk) omp_init_lock(&l);
    for (int b = 0; b < nbins; b++)
        hist[b] = 0;
    const int csz = (n + IH_CHUNKS - 1) / IH_CHUNKS;
    #pragma omp parallel
    {
        std::vector<int> mine(n, 0);
        #pragma omp for schedule(static) nowait
        for (int u = 0; u < n; u++)
            for (int p = rowptr[u]; p < rowptr[u + 1]; p++)
                mine[adj[p]]++;
        const int t = omp_get_thread_num();
        for (int k = 0; k < IH_CHUNKS; k++) {
            const int c = (k + t) % IH_CHUNKS;           // threads start on different chunks
            const int v0 = c * csz, v1 = v0 + csz < n ? v0 + csz : n;
            omp_set_lock(&lk[c]);
            for (int v = v0; v < v1; v++)
                indeg[v] += mine[v];
            omp_unset_lock(&lk[c]);
        }
        #pragma omp barrier
        std::vector<int> h(nbins, 0);
        #pragma omp for schedule(static) nowait
        for (int v = 0; v < n; v++)
            h[indeg[v] < nbins - 1 ? indeg[v] : nbins - 1]++;
        #pragma omp critical(ih_hist)
        for (int b = 0; b < nbins; b++)
            hist[b] += h[b];
    }
    for (auto &l : lk) omp_destroy_lock(&l);
}
