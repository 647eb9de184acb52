#include <stdlib.h>

void coo_to_csr(int nrows, int nnz, const int *row, const int *col, const double *val,
                int *rowptr, int *colidx, double *vals) {
    for (int i = 0; i <= nrows; i++)
        rowptr[i] = 0;
    for (int k = 0; k < nnz; k++)
        rowptr[row[k] + 1]++;
    for (int i = 0; i < nrows; i++)
        rowptr[i + 1] += rowptr[i];
    int *next = (int *)malloc((size_t)(nrows > 0 ? nrows : 1) * sizeof(int));
    for (int i = 0; i < nrows; i++)
        next[i] = rowptr[i];
    for (int k = 0; k < nnz; k++) {
        int p = next[row[k]]++;
        colidx[p] = col[k];
        vals[p] = val[k];
    }
    free(next);
    for (int i = 0; i < nrows; i++) {
        for (int p = rowptr[i] + 1; p < rowptr[i + 1]; p++) {
            int c = colidx[p];
            double v = vals[p];
            int q = p - 1;
            while (q >= rowptr[i] && colidx[q] > c) {
                colidx[q + 1] = colidx[q];
                vals[q + 1] = vals[q];
                q--;
            }
            colidx[q + 1] = c;
            vals[q + 1] = v;
        }
    }
}
