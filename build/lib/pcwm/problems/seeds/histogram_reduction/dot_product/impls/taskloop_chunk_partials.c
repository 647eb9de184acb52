// Strategy: one thread generates a taskloop over fixed chunks, each chunk stores its partial sum; summed after the taskloop.
#include <omp.h>

#define DTL_CHUNKS 64

double dot_product(int n, const double *x, const double *y)
{
    double partial[DTL_CHUNKS];
    double s = 0.0;
    int csize = (n + DTL_CHUNKS - 1) / DTL_CHUNKS;
    #pragma omp parallel
    {
        #pragma omp single
        {
            #pragma omp taskloop grainsize(1) shared(partial)
            for (int c = 0; c < DTL_CHUNKS; c++) {
                int lo = c * csize;
                int hi = lo + csize < n ? lo + csize : n;
                double acc = 0.0;
                for (int i = lo; i < hi; i++)
                    acc += x[i] * y[i];
                partial[c] = acc;
            }
            for (int c = 0; c < DTL_CHUNKS; c++)
                s += partial[c];
        }
    }
    return s;
}
