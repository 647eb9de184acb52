#include <stdlib.h>

int cc_label_prop(int n, const int *rowptr, const int *adj, int *label) {
    int *nx = (int *)malloc((size_t)n * sizeof(int));
    for (int v = 0; v < n; v++)
        label[v] = v;
    int changed = 1;
    while (changed) {
        changed = 0;
        for (int v = 0; v < n; v++) {
            int m = label[v];
            for (int p = rowptr[v]; p < rowptr[v + 1]; p++)
                if (label[adj[p]] < m) m = label[adj[p]];
            nx[v] = m;
            if (m != label[v]) changed = 1;
        }
        for (int v = 0; v < n; v++)
            label[v] = nx[v];
    }
    free(nx);
    int comps = 0;
    for (int v = 0; v < n; v++)
        if (label[v] == v) comps++;
    return comps;
}
