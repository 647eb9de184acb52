/* Strategy: one region; per step omp for into scratch + omp for copy-back; final omp for reduction(+:mass). */
#include <omp.h>
#include <stdlib.h>

double upwind_advection(int n, int steps, double cfl, double *q) {
    double *t = (double *)malloc((size_t)n * sizeof(double));
    double mass = 0.0;
    #pragma omp parallel
    {
        for (int s = 0; s < steps; s++) {
            #pragma omp for schedule(static)
            for (int i = 0; i < n; i++) {
                double left = q[i == 0 ? n - 1 : i - 1];
                t[i] = q[i] - cfl * (q[i] - left);
            }
            #pragma omp for schedule(static)
            for (int i = 0; i < n; i++)
                q[i] = t[i];
        }
        #pragma omp for schedule(static) reduction(+:mass)
        for (int i = 0; i < n; i++)
            mass += q[i];
    }
    free(t);
    return mass;
}
