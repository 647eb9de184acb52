// Strategy: each i scans all j != i so contacts[i] has a single writer; total pairs via reduction (halved at the end).
#include <omp.h>

long disc_collisions(int n, const double *x, const double *y, const double *r, int *contacts)
{
    long twice = 0;
    int cnt;
#pragma omp parallel for schedule(static) private(cnt) reduction(+ : twice)
    for (int i = 0; i < n; i++) {
        cnt = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) continue;
            double dx = x[i] - x[j], dy = y[i] - y[j], s = r[i] + r[j];
            if (dx * dx + dy * dy < s * s) cnt++;
        }
        contacts[i] = cnt;
        twice += cnt;
    }
    return twice / 2;
}
