void csr_spmv(int nrows, const int *rowptr, const int *colidx, const double *vals, const double *x, double *y) {
    for (int i = 0; i < nrows; i++) {
        double s = 0.0;
        for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
            s += vals[p] * x[colidx[p]];
        y[i] = s;
    }
}
