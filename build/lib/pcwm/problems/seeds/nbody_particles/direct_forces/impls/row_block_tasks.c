// Strategy: one thread creates a task per block of target particles; each task owns its rows; taskwait.
#include <math.h>
#include <omp.h>

static void nbf_block(int lo, int hi, int n, const double *pos, const double *mass, double eps2, double *acc)
{
    for (int i = lo; i < hi; i++) {
        double ax = 0.0, ay = 0.0, az = 0.0;
        for (int j = 0; j < n; j++) {
            if (j == i) continue;
            double dx = pos[3 * j] - pos[3 * i];
            double dy = pos[3 * j + 1] - pos[3 * i + 1];
            double dz = pos[3 * j + 2] - pos[3 * i + 2];
            double r2 = dx * dx + dy * dy + dz * dz + eps2;
            double inv = mass[j] / (r2 * sqrt(r2));
            ax += dx * inv;
            ay += dy * inv;
            az += dz * inv;
        }
        acc[3 * i] = ax;
        acc[3 * i + 1] = ay;
        acc[3 * i + 2] = az;
    }
}

void direct_forces(int n, const double *pos, const double *mass, double eps2, double *acc)
{
    const int block = 16;
#pragma omp parallel
#pragma omp single
    {
        for (int lo = 0; lo < n; lo += block) {
            int hi = lo + block < n ? lo + block : n;
#pragma omp task firstprivate(lo, hi)
            nbf_block(lo, hi, n, pos, mass, eps2, acc);
        }
#pragma omp taskwait
    }
}
