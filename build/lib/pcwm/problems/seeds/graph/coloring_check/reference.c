int coloring_conflicts(int n, const int *rowptr, const int *adj, const int *color, int *ncolors) {
    int conflicts = 0, maxc = -1;
    for (int v = 0; v < n; v++) {
        if (color[v] > maxc) maxc = color[v];
        for (int p = rowptr[v]; p < rowptr[v + 1]; p++) {
            int u = adj[p];
            if (u > v && color[u] == color[v]) conflicts++;
        }
    }
    *ncolors = maxc + 1;
    return conflicts;
}
