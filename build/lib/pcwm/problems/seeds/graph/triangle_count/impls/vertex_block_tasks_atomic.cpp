// Strategy: one producer creates a task per block of vertices; each task counts locally and adds with omp atomic.
#include <omp.h>

static const int TC_BLOCK = 64;

static long long tc_block_count(int u0, int u1, const int *rowptr, const int *adj) {
    long long c = 0;
    for (int u = u0; u < u1; u++)
        for (int p = rowptr[u]; p < rowptr[u + 1]; p++) {
            const int v = adj[p];
            if (v <= u) continue;
            int a = rowptr[u], b = rowptr[v];
            while (a < rowptr[u + 1] && b < rowptr[v + 1]) {
                if (adj[a] == adj[b]) { c += (adj[a] > v); a++; b++; }
                else if (adj[a] < adj[b]) a++;
                else b++;
            }
        }
    return c;
}

long long triangle_count(int n, const int *rowptr, const int *adj) {
    long long total = 0;
    #pragma omp parallel
    #pragma omp single
    {
        for (int u0 = 0; u0 < n; u0 += TC_BLOCK) {
            #pragma omp task firstprivate(u0) shared(total)
            {
                const int u1 = u0 + TC_BLOCK < n ? u0 + TC_BLOCK : n;
                long long c = tc_block_count(u0, u1, rowptr, adj);
                #pragma omp atomic
                total += c;
            }
        }
        #pragma omp taskwait
    }
    return total;
}
