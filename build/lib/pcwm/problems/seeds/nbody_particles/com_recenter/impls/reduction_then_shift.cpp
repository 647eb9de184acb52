// Strategy: one region; a 7-way reduction loop, its implicit barrier publishes the sums, then a shift loop.
#include <omp.h>

void com_recenter(int n, const double *m, double *pos, double *vel, double *com)
{
    double mt = 0.0, rx = 0.0, ry = 0.0, rz = 0.0, vx = 0.0, vy = 0.0, vz = 0.0;
#pragma omp parallel
    {
#pragma omp for schedule(static) reduction(+ : mt, rx, ry, rz, vx, vy, vz)
        for (int i = 0; i < n; i++) {
            mt += m[i];
            rx += m[i] * pos[3 * i];
            ry += m[i] * pos[3 * i + 1];
            rz += m[i] * pos[3 * i + 2];
            vx += m[i] * vel[3 * i];
            vy += m[i] * vel[3 * i + 1];
            vz += m[i] * vel[3 * i + 2];
        }
        double c[6] = {rx / mt, ry / mt, rz / mt, vx / mt, vy / mt, vz / mt};
#pragma omp single nowait
        for (int j = 0; j < 6; j++) com[j] = c[j];
#pragma omp for schedule(static)
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 3; d++) {
                pos[3 * i + d] -= c[d];
                vel[3 * i + d] -= c[3 + d];
            }
        }
    }
}
