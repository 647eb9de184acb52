#include <stdlib.h>

double upwind_advection(int n, int steps, double cfl, double *q) {
    double *t = (double *)malloc((size_t)n * sizeof(double));
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < n; i++) {
            double left = q[i == 0 ? n - 1 : i - 1];
            t[i] = q[i] - cfl * (q[i] - left);
        }
        for (int i = 0; i < n; i++)
            q[i] = t[i];
    }
    free(t);
    double mass = 0.0;
    for (int i = 0; i < n; i++)
        mass += q[i];
    return mass;
}
