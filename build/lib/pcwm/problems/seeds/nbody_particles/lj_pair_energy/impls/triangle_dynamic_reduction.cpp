// Strategy: parallel for over i of the triangular pair loop, dynamic schedule for balance, reduction(+) on energy.
#include <cmath>
#include <omp.h>

double lj_pair_energy(int n, const double *pos, double box, double rc)
{
    const double rc2 = rc * rc;
    double e = 0.0;
#pragma omp parallel for schedule(dynamic, 8) reduction(+ : e)
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            double dx = pos[3 * j] - pos[3 * i];
            double dy = pos[3 * j + 1] - pos[3 * i + 1];
            double dz = pos[3 * j + 2] - pos[3 * i + 2];
            dx -= box * std::round(dx / box);
            dy -= box * std::round(dy / box);
            dz -= box * std::round(dz / box);
            double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 < rc2) {
                double s6 = 1.0 / (r2 * r2 * r2);
                e += 4.0 * (s6 * s6 - s6);
            }
        }
    }
    return e;
}
