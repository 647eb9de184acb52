// Strategy: OpenMP 5 scan directive, parallel for with reduction(inscan, +) and an inclusive scan point.
#include <omp.h>

void prefix_sum_inclusive(int n, const long long *in, long long *out)
{
    long long run = 0;
    if (n < 64) {  /* too short to be worth a parallel scan */
        for (int i = 0; i < n; i++) {
            run += in[i];
            out[i] = run;
        }
        return;
    }
    #pragma omp parallel for reduction(inscan, + : run)
    for (int i = 0; i < n; i++) {
        run += in[i];
        #pragma omp scan inclusive(run)
        out[i] = run;
    }
}
