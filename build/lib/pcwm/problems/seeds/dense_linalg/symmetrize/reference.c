void symmetrize(int n, double *A) {
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double s = 0.5 * (A[(long)i * n + j] + A[(long)j * n + i]);
            A[(long)i * n + j] = s;
            A[(long)j * n + i] = s;
        }
}
