// Strategy: every thread deposits into its own grid row of a shared buffer; barrier; cells are summed in parallel.
#include <omp.h>
#include <stdlib.h>

void pic_charge_deposit(int np, const double *xp, const double *qp, int ng, double dx, double *rho)
{
    int nt = omp_get_max_threads();
    double *grids = malloc(sizeof(double) * (size_t)nt * ng);
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num(), team = omp_get_num_threads();
        double *mine = grids + (size_t)tid * ng;
        for (int g = 0; g < ng; g++) mine[g] = 0.0;
#pragma omp for schedule(dynamic, 512) nowait
        for (int p = 0; p < np; p++) {
            double s = xp[p] / dx;
            int j = (int)s;
            if (j < 0) j = 0;
            if (j >= ng) j = ng - 1;
            double w = s - j;
            mine[j] += qp[p] * (1.0 - w) / dx;
            mine[(j + 1) % ng] += qp[p] * w / dx;
        }
#pragma omp barrier
#pragma omp for schedule(static)
        for (int g = 0; g < ng; g++) {
            double sum = 0.0;
            for (int t = 0; t < team; t++) sum += grids[(size_t)t * ng + g];
            rho[g] = sum;
        }
    }
    free(grids);
}
