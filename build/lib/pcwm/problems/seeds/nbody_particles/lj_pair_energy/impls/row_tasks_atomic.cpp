// Strategy: one thread spawns a task per block of rows (balanced by pair count); tasks atomically add partials; taskwait.
#include <cmath>
#include <omp.h>

static double ljt_rows(int lo, int hi, int n, const double *pos, double box, double rc2)
{
    double e = 0.0;
    for (int i = lo; i < hi; i++)
        for (int j = i + 1; j < n; j++) {
            double r2 = 0.0;
            for (int d = 0; d < 3; d++) {
                double dd = pos[3 * j + d] - pos[3 * i + d];
                dd -= box * std::round(dd / box);
                r2 += dd * dd;
            }
            if (r2 < rc2) {
                double s6 = 1.0 / (r2 * r2 * r2);
                e += 4.0 * (s6 * s6 - s6);
            }
        }
    return e;
}

double lj_pair_energy(int n, const double *pos, double box, double rc)
{
    double total = 0.0;
    const double rc2 = rc * rc;
    const long target = (long)n * (n - 1) / 2 / 32 + 1; /* about 32 tasks of equal pair count */
#pragma omp parallel
#pragma omp single
    {
        int lo = 0;
        while (lo < n) {
            int hi = lo;
            long pairs = 0;
            while (hi < n && pairs < target) pairs += n - 1 - hi++;
#pragma omp task firstprivate(lo, hi) shared(total)
            {
                double part = ljt_rows(lo, hi, n, pos, box, rc2);
#pragma omp atomic
                total += part;
            }
            lo = hi;
        }
#pragma omp taskwait
    }
    return total;
}
