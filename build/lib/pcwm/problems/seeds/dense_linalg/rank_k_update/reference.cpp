void rank_k_update(int n, int k, const double *U, const double *V, double *A) {
    for (int p = 0; p < k; p++)
        for (int i = 0; i < n; i++) {
            const double u = U[p * n + i];
            for (int j = 0; j < n; j++)
                A[i * n + j] += u * V[p * n + j];
        }
}
