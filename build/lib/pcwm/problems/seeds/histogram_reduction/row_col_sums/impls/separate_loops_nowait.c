// Strategy: row loop (nowait, total by reduction) and column loop in one region; outputs are disjoint.
#include <omp.h>

void row_col_sums(int rows, int cols, const double *A, double *rowsum, double *colsum, double *total)
{
    double t = 0.0;
    #pragma omp parallel
    {
        #pragma omp for schedule(static) reduction(+ : t) nowait
        for (int r = 0; r < rows; r++) {
            double s = 0.0;
            for (int c = 0; c < cols; c++)
                s += A[(long)r * cols + c];
            rowsum[r] = s;
            t += s;
        }

        #pragma omp for schedule(static)
        for (int c = 0; c < cols; c++) {
            double s = 0.0;
            for (int r = 0; r < rows; r++)
                s += A[(long)r * cols + c];
            colsum[c] = s;
        }
    }
    *total = t;
}
