double sparse_row_dots(int nrows, const int *pa, const int *ia, const double *va,
                       const int *pb, const int *ib, const double *vb, double *d) {
    double total = 0.0;
    for (int r = 0; r < nrows; r++) {
        int p = pa[r], q = pb[r];
        double s = 0.0;
        while (p < pa[r + 1] && q < pb[r + 1]) {
            if (ia[p] == ib[q]) { s += va[p] * vb[q]; p++; q++; }
            else if (ia[p] < ib[q]) p++;
            else q++;
        }
        d[r] = s;
        total += s;
    }
    return total;
}
