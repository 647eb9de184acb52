long long triangle_count(int n, const int *rowptr, const int *adj) {
    long long total = 0;
    for (int u = 0; u < n; u++) {
        for (int p = rowptr[u]; p < rowptr[u + 1]; p++) {
            int v = adj[p];
            if (v <= u) continue;
            // count w > v adjacent to both u and v
            int a = rowptr[u], b = rowptr[v];
            while (a < rowptr[u + 1] && b < rowptr[v + 1]) {
                if (adj[a] < adj[b]) a++;
                else if (adj[a] > adj[b]) b++;
                else { if (adj[a] > v) total++; a++; b++; }
            }
        }
    }
    return total;
}
