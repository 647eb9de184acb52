// Strategy: per-thread partials in a shared array, explicit barrier, single combines into com, shift with nowait.
#include <omp.h>
#include <vector>

void com_recenter(int n, const double *m, double *pos, double *vel, double *com)
{
    const int nt = omp_get_max_threads();
    std::vector<double> part(7 * (size_t)nt, 0.0);
#pragma omp parallel num_threads(nt)
    {
        const int tid = omp_get_thread_num();
        double *mine = &part[7 * (size_t)tid];
#pragma omp for schedule(static) nowait
        for (int i = 0; i < n; i++) {
            mine[0] += m[i];
            for (int d = 0; d < 3; d++) {
                mine[1 + d] += m[i] * pos[3 * i + d];
                mine[4 + d] += m[i] * vel[3 * i + d];
            }
        }
#pragma omp barrier
#pragma omp single
        {
            double s[7] = {0, 0, 0, 0, 0, 0, 0};
            for (int t = 0; t < omp_get_num_threads(); t++)
                for (int j = 0; j < 7; j++) s[j] += part[7 * (size_t)t + j];
            for (int j = 0; j < 6; j++) com[j] = s[1 + j] / s[0];
        }
#pragma omp for schedule(static) nowait
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 3; d++) {
                pos[3 * i + d] -= com[d];
                vel[3 * i + d] -= com[3 + d];
            }
        }
    }
}
