/* Strategy: atomic row counts, single-thread scan, atomic-capture slot claiming for the scatter, parallel row sorts. */
#include <omp.h>
#include <stdlib.h>

void coo_to_csr(int nrows, int nnz, const int *row, const int *col, const double *val,
                int *rowptr, int *colidx, double *vals) {
    int *next = (int *)malloc((size_t)(nrows > 0 ? nrows : 1) * sizeof(int));
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int i = 0; i <= nrows; i++)
            rowptr[i] = 0;

        #pragma omp for schedule(static)
        for (int k = 0; k < nnz; k++) {
            #pragma omp atomic
            rowptr[row[k] + 1]++;
        }

        #pragma omp single
        {
            for (int i = 0; i < nrows; i++)
                rowptr[i + 1] += rowptr[i];
        }

        #pragma omp for schedule(static)
        for (int i = 0; i < nrows; i++)
            next[i] = rowptr[i];

        #pragma omp for schedule(static)
        for (int k = 0; k < nnz; k++) {
            int p;
            #pragma omp atomic capture
            p = next[row[k]]++;
            colidx[p] = col[k];
            vals[p] = val[k];
        }

        #pragma omp for schedule(dynamic, 64)
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
    free(next);
}
