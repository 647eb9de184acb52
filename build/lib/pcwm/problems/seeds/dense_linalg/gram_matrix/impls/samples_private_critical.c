/* Strategy: threads split samples, accumulate upper-triangle outer products privately, merge under critical, then mirror. */
#include <omp.h>
#include <stdlib.h>

void gram_matrix(int m, int d, const double *X, double *G) {
    #pragma omp parallel
    {
        double *loc = (double *)calloc((size_t)d * d, sizeof(double));

        #pragma omp for schedule(static)
        for (int e = 0; e < d * d; e++)
            G[e] = 0.0;

        #pragma omp for schedule(static) nowait
        for (int r = 0; r < m; r++) {
            const double *xr = X + (long)r * d;
            for (int a = 0; a < d; a++)
                for (int b = a; b < d; b++)
                    loc[a * d + b] += xr[a] * xr[b];
        }

        #pragma omp critical
        {
            for (int a = 0; a < d; a++)
                for (int b = a; b < d; b++)
                    G[a * d + b] += loc[a * d + b];
        }
        #pragma omp barrier

        #pragma omp for schedule(static)
        for (int a = 0; a < d; a++)
            for (int b = 0; b < a; b++)
                G[a * d + b] = G[b * d + a];

        free(loc);
    }
}
