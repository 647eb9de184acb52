// Strategy: each unordered pair tested once with a dynamic schedule; both contact counters updated atomically.
#include <omp.h>

long disc_collisions(int n, const double *x, const double *y, const double *r, int *contacts)
{
    long pairs = 0;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int i = 0; i < n; i++) contacts[i] = 0;
#pragma omp for schedule(dynamic, 16) reduction(+ : pairs)
        for (int i = 0; i < n; i++) {
            double xi = x[i], yi = y[i], ri = r[i];
            for (int j = i + 1; j < n; j++) {
                double dx = xi - x[j], dy = yi - y[j], s = ri + r[j];
                if (dx * dx + dy * dy < s * s) {
#pragma omp atomic
                    contacts[i]++;
#pragma omp atomic
                    contacts[j]++;
                    pairs++;
                }
            }
        }
    }
    return pairs;
}
