// Strategy: zero the grid with a worksharing loop, then scatter each particle's two weights with atomic updates.
#include <omp.h>

void pic_charge_deposit(int np, const double *xp, const double *qp, int ng, double dx, double *rho)
{
    const double inv = 1.0 / dx;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int g = 0; g < ng; g++) rho[g] = 0.0;
#pragma omp for schedule(static)
        for (int p = 0; p < np; p++) {
            double s = xp[p] * inv;
            int j = (int)s;
            j = j < 0 ? 0 : (j >= ng ? ng - 1 : j);
            double w = s - j;
            int j1 = j + 1 == ng ? 0 : j + 1;
#pragma omp atomic update
            rho[j] += qp[p] * (1.0 - w) / dx;
#pragma omp atomic update
            rho[j1] += qp[p] * w / dx;
        }
    }
}
