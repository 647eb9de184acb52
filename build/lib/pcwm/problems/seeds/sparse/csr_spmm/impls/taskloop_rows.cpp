// Strategy: one producer runs a taskloop (num_tasks) over rows; each row is accumulated in a task-local vector.
#include <omp.h>
#include <vector>

void csr_spmm(int nrows, int k, const int *rowptr, const int *colidx, const double *vals, const double *X, double *Y) {
    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp taskloop num_tasks(64)
        for (int i = 0; i < nrows; i++) {
            std::vector<double> acc(k, 0.0);
            for (int p = rowptr[i]; p < rowptr[i + 1]; p++) {
                const double a = vals[p];
                const double *xr = X + (long)colidx[p] * k;
                for (int j = 0; j < k; j++)
                    acc[j] += a * xr[j];
            }
            for (int j = 0; j < k; j++)
                Y[(long)i * k + j] = acc[j];
        }
    }
}
