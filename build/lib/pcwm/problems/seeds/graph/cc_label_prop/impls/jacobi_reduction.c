/* Strategy: synchronous rounds; a parallel for writes new labels to the other array, reduction(+) counts changes, pointers swap. */
#include <omp.h>
#include <stdlib.h>

int cc_label_prop(int n, const int *rowptr, const int *adj, int *label) {
    int *other = (int *)malloc((size_t)n * sizeof(int));
    int *cur = label, *nxt = other;
    #pragma omp parallel for schedule(static)
    for (int v = 0; v < n; v++)
        label[v] = v;
    int changes = 1;
    while (changes > 0) {
        changes = 0;
        #pragma omp parallel for schedule(dynamic, 64) reduction(+:changes)
        for (int v = 0; v < n; v++) {
            int m = cur[v];
            for (int p = rowptr[v]; p < rowptr[v + 1]; p++) {
                int l = cur[adj[p]];
                if (l < m) m = l;
            }
            nxt[v] = m;
            changes += (m != cur[v]);
        }
        int *t = cur; cur = nxt; nxt = t;
    }
    int comps = 0;
    #pragma omp parallel for schedule(static) reduction(+:comps)
    for (int v = 0; v < n; v++) {
        if (cur != label) label[v] = cur[v];
        comps += (cur[v] == v);
    }
    free(other);
    return comps;
}
