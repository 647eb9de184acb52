// Strategy: OpenMP 5 scan directive, reduction(inscan, +) with an exclusive scan point; total from the last element.
#include <omp.h>

long long exclusive_scan(int n, const int *in, long long *out)
{
    long long run = 0;
    if (n < 64) {  // too short to be worth a parallel scan
        for (int i = 0; i < n; i++) {
            out[i] = run;
            run += in[i];
        }
        return run;
    }
    #pragma omp parallel for reduction(inscan, + : run)
    for (int i = 0; i < n; i++) {
        out[i] = run;
        #pragma omp scan exclusive(run)
        run += in[i];
    }
    return out[n - 1] + in[n - 1];
}
