// Strategy: parallel for over rows; column sums via an array-section reduction, the total via a scalar reduction.
#include <omp.h>

void row_col_sums(int rows, int cols, const double *A, double *rowsum, double *colsum, double *total)
{
    double t = 0.0;
    for (int c = 0; c < cols; c++)
        colsum[c] = 0.0;
    #pragma omp parallel for schedule(dynamic, 8) reduction(+ : colsum[:cols], t)
    for (int r = 0; r < rows; r++) {
        double s = 0.0;
        for (int c = 0; c < cols; c++) {
            double v = A[(long)r * cols + c];
            s += v;
            colsum[c] += v;
        }
        rowsum[r] = s;
        t += s;
    }
    *total = t;
}
