/* Strategy: ping-pong buffers, one parallel for per step, pointer swap between steps; copy-out loop reduces the mass. */
#include <omp.h>
#include <stdlib.h>

double upwind_advection(int n, int steps, double cfl, double *q) {
    double *buf = (double *)malloc((size_t)n * sizeof(double));
    double *src = q, *dst = buf;
    for (int s = 0; s < steps; s++) {
        #pragma omp parallel for schedule(static)
        for (int i = 0; i < n; i++) {
            double left = i > 0 ? src[i - 1] : src[n - 1];
            dst[i] = src[i] - cfl * (src[i] - left);
        }
        double *tmp = src; src = dst; dst = tmp;
    }
    double mass = 0.0;
    #pragma omp parallel for schedule(static) reduction(+:mass)
    for (int i = 0; i < n; i++) {
        double v = src[i];
        q[i] = v;
        mass += v;
    }
    free(buf);
    return mass;
}
