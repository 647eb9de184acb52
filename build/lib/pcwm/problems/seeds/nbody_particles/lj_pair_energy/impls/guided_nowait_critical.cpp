// Strategy: each thread accumulates a private partial over a guided nowait loop, then adds it under critical.
#include <cmath>
#include <omp.h>

static inline double ljg_wrap(double d, double box) { return d - box * std::round(d / box); }

double lj_pair_energy(int n, const double *pos, double box, double rc)
{
    const double rc2 = rc * rc;
    double total = 0.0;
#pragma omp parallel
    {
        double mine = 0.0;
#pragma omp for schedule(guided) nowait
        for (int i = 0; i < n; i++) {
            const double *pi = pos + 3 * i;
            for (int j = i + 1; j < n; j++) {
                const double *pj = pos + 3 * j;
                double dx = ljg_wrap(pj[0] - pi[0], box);
                double dy = ljg_wrap(pj[1] - pi[1], box);
                double dz = ljg_wrap(pj[2] - pi[2], box);
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) continue;
                double s6 = 1.0 / (r2 * r2 * r2);
                mine += 4.0 * s6 * (s6 - 1.0);
            }
        }
#pragma omp critical(ljg_total)
        total += mine;
    }
    return total;
}
