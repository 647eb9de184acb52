// Strategy: per-thread result slots indexed by thread number, combined serially after the parallel region.
#include <omp.h>
#include <stdlib.h>

void minmax_index(int n, const double *x, double *minv, int *mini, double *maxv, int *maxi)
{
    int maxt = omp_get_max_threads();
    double *smin = (double *)malloc(sizeof(double) * (size_t)maxt);
    double *smax = (double *)malloc(sizeof(double) * (size_t)maxt);
    int *simin = (int *)malloc(sizeof(int) * (size_t)maxt);
    int *simax = (int *)malloc(sizeof(int) * (size_t)maxt);
    int used = 1;

    #pragma omp parallel
    {
        int tid = omp_get_thread_num();
        #pragma omp single
        used = omp_get_num_threads();
        smin[tid] = x[0];
        smax[tid] = x[0];
        simin[tid] = 0;
        simax[tid] = 0;
        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++) {
            if (x[i] < smin[tid]) {
                smin[tid] = x[i];
                simin[tid] = i;
            }
            if (x[i] > smax[tid]) {
                smax[tid] = x[i];
                simax[tid] = i;
            }
        }
    }

    double gmin = smin[0], gmax = smax[0];
    int gimin = simin[0], gimax = simax[0];
    for (int t = 1; t < used; t++) {
        if (smin[t] < gmin || (smin[t] == gmin && simin[t] < gimin)) {
            gmin = smin[t];
            gimin = simin[t];
        }
        if (smax[t] > gmax || (smax[t] == gmax && simax[t] < gimax)) {
            gmax = smax[t];
            gimax = simax[t];
        }
    }
    *minv = gmin;
    *mini = gimin;
    *maxv = gmax;
    *maxi = gimax;
    free(smin);
    free(smax);
    free(simin);
    free(simax);
}
