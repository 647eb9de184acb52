void csr_spmm(int nrows, int k, const int *rowptr, const int *colidx, const double *vals, const double *X, double *Y) {
    for (int i = 0; i < nrows; i++) {
        for (int j = 0; j < k; j++)
            Y[(long)i * k + j] = 0.0;
        for (int p = rowptr[i]; p < rowptr[i + 1]; p++) {
            const double a = vals[p];
            const double *xr = X + (long)colidx[p] * k;
            for (int j = 0; j < k; j++)
                Y[(long)i * k + j] += a * xr[j];
        }
    }
}
