void ell_spmv(int nrows, int width, const int *cols, const double *vals, const double *x, double *y) {
    for (int i = 0; i < nrows; i++) {
        double s = 0.0;
        for (int k = 0; k < width; k++) {
            long e = (long)k * nrows + i;
            if (cols[e] >= 0)
                s += vals[e] * x[cols[e]];
        }
        y[i] = s;
    }
}
