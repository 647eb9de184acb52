void gram_matrix(int m, int d, const double *X, double *G) {
    for (int a = 0; a < d; a++)
        for (int b = 0; b < d; b++) {
            double s = 0.0;
            for (int r = 0; r < m; r++)
                s += X[(long)r * d + a] * X[(long)r * d + b];
            G[a * d + b] = s;
        }
}
