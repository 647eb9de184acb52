// Strategy: each thread accumulates into its own slot of a shared vector (guided omp for); a single thread sums the slots.
#include <omp.h>
#include <vector>

long long triangle_count(int n, const int *rowptr, const int *adj) {
    std::vector<long long> slot(omp_get_max_threads() * 8, 0);   // 8-slot stride avoids false sharing
    long long total = 0;
    #pragma omp parallel
    {
        const int t = omp_get_thread_num();
        #pragma omp for schedule(guided, 4)
        for (int u = 0; u < n; u++) {
            long long c = 0;
            for (int p = rowptr[u]; p < rowptr[u + 1]; p++) {
                const int v = adj[p];
                if (v <= u) continue;
                int a = rowptr[u], b = rowptr[v];
                while (a < rowptr[u + 1] && b < rowptr[v + 1]) {
                    if (adj[a] < adj[b]) a++;
                    else if (adj[a] > adj[b]) b++;
                    else { if (adj[a] > v) c++; a++; b++; }
                }
            }
            slot[t * 8] += c;
        }
        #pragma omp single
        {
            for (int k = 0; k < omp_get_num_threads(); k++)
                total += slot[k * 8];
        }
    }
    return total;
}
