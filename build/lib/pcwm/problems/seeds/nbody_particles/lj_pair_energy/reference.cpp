#include <cmath>

double lj_pair_energy(int n, const double *pos, double box, double rc)
{
    double rc2 = rc * rc, e = 0.0;
    for (int i = 0; i < n; i++) {
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
    }
    return e;
}
