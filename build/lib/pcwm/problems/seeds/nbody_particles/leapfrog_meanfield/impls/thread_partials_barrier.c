// Strategy: persistent region; per-thread partial centre sums in a shared array, explicit barriers, redundant combine.
#include <omp.h>
#include <stdlib.h>

double leapfrog_meanfield(int n, int steps, double dt, double k, double *x, double *v)
{
    int nt = omp_get_max_threads();
    double *part = malloc(sizeof(double) * 3 * nt);
    double *kep = malloc(sizeof(double) * nt);
    const double h = 0.5 * dt;
    int team = 1;
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num();
        int t = omp_get_num_threads();
        int lo = (int)((long)n * tid / t), hi = (int)((long)n * (tid + 1) / t);
#pragma omp single
        team = t;
        for (int s = 0; s < steps; s++) {
            for (int phase = 0; phase < 2; phase++) {
                double sx = 0.0, sy = 0.0, sz = 0.0;
                for (int i = lo; i < hi; i++) {
                    sx += x[3 * i];
                    sy += x[3 * i + 1];
                    sz += x[3 * i + 2];
                }
                part[3 * tid] = sx;
                part[3 * tid + 1] = sy;
                part[3 * tid + 2] = sz;
#pragma omp barrier
                double c[3] = {0.0, 0.0, 0.0};
                for (int u = 0; u < t; u++)
                    for (int d = 0; d < 3; d++) c[d] += part[3 * u + d];
                for (int d = 0; d < 3; d++) c[d] /= n;
#pragma omp barrier
                for (int i = lo; i < hi; i++) {
                    double r2 = x[3 * i] * x[3 * i] + x[3 * i + 1] * x[3 * i + 1] + x[3 * i + 2] * x[3 * i + 2];
                    for (int d = 0; d < 3; d++)
                        v[3 * i + d] += h * (-k * (x[3 * i + d] - c[d]) - 0.01 * r2 * x[3 * i + d]);
                    if (phase == 0)
                        for (int d = 0; d < 3; d++) x[3 * i + d] += dt * v[3 * i + d];
                }
#pragma omp barrier
            }
        }
        double e = 0.0;
        for (int i = 3 * lo; i < 3 * hi; i++) e += 0.5 * v[i] * v[i];
        kep[tid] = e;
    }
    double ke = 0.0;
    for (int u = 0; u < team; u++) ke += kep[u];
    free(part);
    free(kep);
    return ke;
}
