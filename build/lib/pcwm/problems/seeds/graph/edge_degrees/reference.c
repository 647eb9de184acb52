int edge_degrees(int n, int m, const int *src, const int *dst, int *deg) {
    for (int v = 0; v < n; v++)
        deg[v] = 0;
    for (int e = 0; e < m; e++) {
        deg[src[e]]++;
        deg[dst[e]]++;
    }
    int mx = 0;
    for (int v = 0; v < n; v++)
        if (deg[v] > mx) mx = deg[v];
    return mx;
}
