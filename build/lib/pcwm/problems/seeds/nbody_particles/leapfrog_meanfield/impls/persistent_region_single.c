// Strategy: one parallel region for all steps; single zeroes shared sums, omp for reductions, implicit barriers order phases.
#include <omp.h>

double leapfrog_meanfield(int n, int steps, double dt, double k, double *x, double *v)
{
    double sx, sy, sz, ke = 0.0;
    const double h = 0.5 * dt;
#pragma omp parallel shared(sx, sy, sz, ke)
    {
        double cx, cy, cz;
        for (int s = 0; s < steps; s++) {
            for (int phase = 0; phase < 2; phase++) {
#pragma omp single
                {
                    sx = 0.0;
                    sy = 0.0;
                    sz = 0.0;
                }
#pragma omp for reduction(+ : sx, sy, sz) schedule(static)
                for (int i = 0; i < n; i++) {
                    sx += x[3 * i];
                    sy += x[3 * i + 1];
                    sz += x[3 * i + 2];
                }
                cx = sx / n;
                cy = sy / n;
                cz = sz / n;
#pragma omp for schedule(static)
                for (int i = 0; i < n; i++) {
                    double *p = x + 3 * i, *q = v + 3 * i;
                    double r2 = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
                    q[0] += h * (-k * (p[0] - cx) - 0.01 * r2 * p[0]);
                    q[1] += h * (-k * (p[1] - cy) - 0.01 * r2 * p[1]);
                    q[2] += h * (-k * (p[2] - cz) - 0.01 * r2 * p[2]);
                    if (phase == 0) {
                        p[0] += dt * q[0];
                        p[1] += dt * q[1];
                        p[2] += dt * q[2];
                    }
                }
            }
        }
#pragma omp for reduction(+ : ke)
        for (int i = 0; i < 3 * n; i++) ke += 0.5 * v[i] * v[i];
    }
    return ke;
}
