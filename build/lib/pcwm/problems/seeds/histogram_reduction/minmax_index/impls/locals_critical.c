// Strategy: thread-local min/max with indices over omp for nowait, merged in a critical section with index tie-break.
#include <omp.h>

void minmax_index(int n, const double *x, double *minv, int *mini, double *maxv, int *maxi)
{
    double gmin = x[0], gmax = x[0];
    int gimin = 0, gimax = 0;
    #pragma omp parallel
    {
        double lmin = x[0], lmax = x[0];
        int limin = 0, limax = 0;
        #pragma omp for schedule(dynamic, 2048) nowait
        for (int i = 0; i < n; i++) {
            double v = x[i];
            if (v < lmin || (v == lmin && i < limin)) {
                lmin = v;
                limin = i;
            }
            if (v > lmax || (v == lmax && i < limax)) {
                lmax = v;
                limax = i;
            }
        }
        #pragma omp critical
        {
            if (lmin < gmin || (lmin == gmin && limin < gimin)) {
                gmin = lmin;
                gimin = limin;
            }
            if (lmax > gmax || (lmax == gmax && limax < gimax)) {
                gmax = lmax;
                gimax = limax;
            }
        }
    }
    *minv = gmin;
    *mini = gimin;
    *maxv = gmax;
    *maxi = gimax;
}
