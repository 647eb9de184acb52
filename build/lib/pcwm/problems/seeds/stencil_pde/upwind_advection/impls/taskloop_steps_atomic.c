/* Strategy: single producer; per step a taskloop into scratch then a taskloop copy-back; per-task mass added atomically. */
#include <omp.h>
#include <stdlib.h>

double upwind_advection(int n, int steps, double cfl, double *q) {
    double *t = (double *)malloc((size_t)n * sizeof(double));
    double mass = 0.0;
    #pragma omp parallel
    #pragma omp single
    {
        for (int s = 0; s < steps; s++) {
            #pragma omp taskloop grainsize(1024)
            for (int i = 0; i < n; i++) {
                double left = q[i == 0 ? n - 1 : i - 1];
                t[i] = q[i] - cfl * (q[i] - left);
            }
            #pragma omp taskloop grainsize(1024)
            for (int i = 0; i < n; i++)
                q[i] = t[i];
        }
        for (int b = 0; b < n; b += 2048) {
            #pragma omp task firstprivate(b)
            {
                int e = b + 2048 < n ? b + 2048 : n;
                double part = 0.0;
                for (int i = b; i < e; i++)
                    part += q[i];
                #pragma omp atomic
                mass += part;
            }
        }
        #pragma omp taskwait
    }
    free(t);
    return mass;
}
