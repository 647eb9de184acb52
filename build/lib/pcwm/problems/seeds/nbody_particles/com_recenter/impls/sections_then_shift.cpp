// Strategy: three sections (mass, position moment, velocity moment) run concurrently; then a parallel shift loop.
#include <omp.h>

void com_recenter(int n, const double *m, double *pos, double *vel, double *com)
{
    double mt = 0.0, r[3] = {0.0, 0.0, 0.0}, v[3] = {0.0, 0.0, 0.0};
#pragma omp parallel sections
    {
#pragma omp section
        {
            for (int i = 0; i < n; i++) mt += m[i];
        }
#pragma omp section
        {
            for (int i = 0; i < n; i++)
                for (int d = 0; d < 3; d++) r[d] += m[i] * pos[3 * i + d];
        }
#pragma omp section
        {
            for (int i = 0; i < n; i++)
                for (int d = 0; d < 3; d++) v[d] += m[i] * vel[3 * i + d];
        }
    }
    for (int d = 0; d < 3; d++) {
        com[d] = r[d] / mt;
        com[3 + d] = v[d] / mt;
    }
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        for (int d = 0; d < 3; d++) {
            pos[3 * i + d] -= com[d];
            vel[3 * i + d] -= com[3 + d];
        }
    }
}
