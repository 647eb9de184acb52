// Strategy: per-thread column buffers over an omp for on rows, explicit barrier, omp for over columns sums buffers; atomic total.
#include <omp.h>
#include <stdlib.h>

void row_col_sums(int rows, int cols, const double *A, double *rowsum, double *colsum, double *total)
{
    double *buf = NULL;
    int nt = 1;
    *total = 0.0;
    #pragma omp parallel
    {
        int tid = omp_get_thread_num();
        #pragma omp single
        {
            nt = omp_get_num_threads();
            buf = (double *)calloc((size_t)nt * (size_t)cols, sizeof(double));
        }
        double *mine = buf + (size_t)tid * cols;
        double mytotal = 0.0;

        #pragma omp for schedule(static) nowait
        for (int r = 0; r < rows; r++) {
            double s = 0.0;
            for (int c = 0; c < cols; c++) {
                double v = A[(long)r * cols + c];
                s += v;
                mine[c] += v;
            }
            rowsum[r] = s;
            mytotal += s;
        }
        #pragma omp atomic
        *total += mytotal;

        #pragma omp barrier

        #pragma omp for schedule(static)
        for (int c = 0; c < cols; c++) {
            double s = 0.0;
            for (int t = 0; t < nt; t++)
                s += buf[(size_t)t * cols + c];
            colsum[c] = s;
        }
    }
    free(buf);
}
