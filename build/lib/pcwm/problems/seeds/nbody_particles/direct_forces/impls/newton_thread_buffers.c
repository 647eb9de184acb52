// Strategy: each pair visited once (j > i); both reactions go to a per-thread buffer; barrier; parallel merge.
#include <math.h>
#include <omp.h>
#include <stdlib.h>

void direct_forces(int n, const double *pos, const double *mass, double eps2, double *acc)
{
    int nt = omp_get_max_threads();
    double *buf = calloc((size_t)nt * 3 * n, sizeof(double));
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num();
        int team = omp_get_num_threads();
        double *mine = buf + (size_t)tid * 3 * n;
#pragma omp for schedule(dynamic, 4)
        for (int i = 0; i < n; i++) {
            double xi = pos[3 * i], yi = pos[3 * i + 1], zi = pos[3 * i + 2];
            double ax = 0.0, ay = 0.0, az = 0.0;
            for (int j = i + 1; j < n; j++) {
                double dx = pos[3 * j] - xi;
                double dy = pos[3 * j + 1] - yi;
                double dz = pos[3 * j + 2] - zi;
                double r2 = dx * dx + dy * dy + dz * dz + eps2;
                double s = 1.0 / (r2 * sqrt(r2));
                ax += dx * s * mass[j];
                ay += dy * s * mass[j];
                az += dz * s * mass[j];
                mine[3 * j] -= dx * s * mass[i];
                mine[3 * j + 1] -= dy * s * mass[i];
                mine[3 * j + 2] -= dz * s * mass[i];
            }
            mine[3 * i] += ax;
            mine[3 * i + 1] += ay;
            mine[3 * i + 2] += az;
        }
        /* the implicit barrier of the loop above makes every buffer complete */
#pragma omp for schedule(static)
        for (int k = 0; k < 3 * n; k++) {
            double s = 0.0;
            for (int t = 0; t < team; t++) s += buf[(size_t)t * 3 * n + k];
            acc[k] = s;
        }
    }
    free(buf);
}
