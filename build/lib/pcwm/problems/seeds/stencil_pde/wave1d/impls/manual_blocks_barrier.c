/* Strategy: each thread computes its own contiguous block from its thread id; explicit barriers separate the phases. */
#include <omp.h>
#include <stdlib.h>

void wave1d(int n, int steps, double c2, double *u_prev, double *u_cur) {
    double *nx = (double *)malloc((size_t)n * sizeof(double));
    nx[0] = 0.0;
    nx[n - 1] = 0.0;
    #pragma omp parallel
    {
        int nt = omp_get_num_threads(), t = omp_get_thread_num();
        int lo = (int)((long)n * t / nt), hi = (int)((long)n * (t + 1) / nt);
        int clo = lo < 1 ? 1 : lo, chi = hi > n - 1 ? n - 1 : hi;
        for (int s = 0; s < steps; s++) {
            for (int i = clo; i < chi; i++)
                nx[i] = 2.0 * u_cur[i] - u_prev[i] + c2 * (u_cur[i - 1] - 2.0 * u_cur[i] + u_cur[i + 1]);
            #pragma omp barrier
            for (int i = lo; i < hi; i++) {
                u_prev[i] = u_cur[i];
                u_cur[i] = nx[i];
            }
            #pragma omp barrier
        }
    }
    free(nx);
}
