/* Strategy: per-thread histograms over contiguous input chunks give each thread private slots; stable scatter; row sorts. */
#include <omp.h>
#include <stdlib.h>

void coo_to_csr(int nrows, int nnz, const int *row, const int *col, const double *val,
                int *rowptr, int *colidx, double *vals) {
    int maxt = omp_get_max_threads();
    int *hist = (int *)calloc((size_t)maxt * nrows + 1, sizeof(int));
    #pragma omp parallel num_threads(maxt)
    {
        int nt = omp_get_num_threads(), t = omp_get_thread_num();
        int k0 = (int)((long)nnz * t / nt), k1 = (int)((long)nnz * (t + 1) / nt);
        int *mine = hist + (size_t)t * nrows;
        for (int k = k0; k < k1; k++)
            mine[row[k]]++;
        #pragma omp barrier

        /* per row: turn counts into offsets within the row, thread by thread; row length into rowptr[i+1] */
        #pragma omp for schedule(static)
        for (int i = 0; i < nrows; i++) {
            int run = 0;
            for (int u = 0; u < nt; u++) {
                int c = hist[(size_t)u * nrows + i];
                hist[(size_t)u * nrows + i] = run;
                run += c;
            }
            rowptr[i + 1] = run;
        }

        #pragma omp single
        {
            rowptr[0] = 0;
            for (int i = 0; i < nrows; i++)
                rowptr[i + 1] += rowptr[i];
        }

        for (int k = k0; k < k1; k++) {
            int r = row[k];
            int p = rowptr[r] + mine[r]++;
            colidx[p] = col[k];
            vals[p] = val[k];
        }
        #pragma omp barrier

        #pragma omp for schedule(guided)
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
    free(hist);
}
