// Strategy: a fresh parallel for per phase of every step; centre of mass by reduction clause.
#include <omp.h>

static void lfp_center(int n, const double *x, double *c)
{
    double sx = 0.0, sy = 0.0, sz = 0.0;
#pragma omp parallel for reduction(+ : sx, sy, sz) schedule(static)
    for (int i = 0; i < n; i++) {
        sx += x[3 * i];
        sy += x[3 * i + 1];
        sz += x[3 * i + 2];
    }
    c[0] = sx / n;
    c[1] = sy / n;
    c[2] = sz / n;
}

static void lfp_kick(int n, double h, double k, const double *x, double *v, const double *c)
{
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        double r2 = x[3 * i] * x[3 * i] + x[3 * i + 1] * x[3 * i + 1] + x[3 * i + 2] * x[3 * i + 2];
        for (int d = 0; d < 3; d++)
            v[3 * i + d] += h * (-k * (x[3 * i + d] - c[d]) - 0.01 * r2 * x[3 * i + d]);
    }
}

double leapfrog_meanfield(int n, int steps, double dt, double k, double *x, double *v)
{
    double c[3];
    for (int s = 0; s < steps; s++) {
        lfp_center(n, x, c);
        lfp_kick(n, 0.5 * dt, k, x, v, c);
#pragma omp parallel for schedule(static)
        for (int i = 0; i < 3 * n; i++) x[i] += dt * v[i];
        lfp_center(n, x, c);
        lfp_kick(n, 0.5 * dt, k, x, v, c);
    }
    double ke = 0.0;
#pragma omp parallel for reduction(+ : ke)
    for (int i = 0; i < 3 * n; i++) ke += 0.5 * v[i] * v[i];
    return ke;
}
