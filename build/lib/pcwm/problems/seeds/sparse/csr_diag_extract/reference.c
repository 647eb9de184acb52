int csr_diag_extract(int n, const int *rowptr, const int *colidx, const double *vals, double *diag) {
    int missing = 0;
    for (int i = 0; i < n; i++) {
        double d = 0.0;
        int found = 0;
        for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
            if (colidx[p] == i) { d = vals[p]; found = 1; break; }
        diag[i] = d;
        if (!found) missing++;
    }
    return missing;
}
