/* Strategy: threads share out column blocks, accumulate into a private partial y, then merge under critical. */
#include <omp.h>
#include <stdlib.h>

void matvec(int n, const double *A, const double *x, double *y) {
    #pragma omp parallel
    {
        double *part = (double *)calloc((size_t)n, sizeof(double));

        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            y[i] = 0.0;

        #pragma omp for schedule(static) nowait
        for (int jb = 0; jb < n; jb += 32) {
            int jend = jb + 32 < n ? jb + 32 : n;
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int j = jb; j < jend; j++)
                    s += A[(long)i * n + j] * x[j];
                part[i] += s;
            }
        }

        #pragma omp critical
        {
            for (int i = 0; i < n; i++)
                y[i] += part[i];
        }
        free(part);
    }
}
