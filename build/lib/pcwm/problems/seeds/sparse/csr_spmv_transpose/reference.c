void csr_spmv_transpose(int nrows, int ncols, const int *rowptr, const int *colidx, const double *vals,
                        const double *x, double *y) {
    for (int j = 0; j < ncols; j++)
        y[j] = 0.0;
    for (int i = 0; i < nrows; i++)
        for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
            y[colidx[p]] += vals[p] * x[i];
}
