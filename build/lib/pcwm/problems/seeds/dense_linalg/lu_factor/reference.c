void lu_factor(int n, double *A) {
    for (int k = 0; k < n - 1; k++) {
        double piv = A[(long)k * n + k];
        for (int i = k + 1; i < n; i++) {
            double l = A[(long)i * n + k] / piv;
            A[(long)i * n + k] = l;
            for (int j = k + 1; j < n; j++)
                A[(long)i * n + j] -= l * A[(long)k * n + j];
        }
    }
}
