// Strategy: omp declare reduction over a struct of (min, argmin, max, argmax) used on a parallel for.
#include <omp.h>

typedef struct {
    double lo, hi;
    int ilo, ihi;
} mmx_state;

static mmx_state mmx_combine(mmx_state a, mmx_state b)
{
    if (b.lo < a.lo || (b.lo == a.lo && b.ilo < a.ilo)) {
        a.lo = b.lo;
        a.ilo = b.ilo;
    }
    if (b.hi > a.hi || (b.hi == a.hi && b.ihi < a.ihi)) {
        a.hi = b.hi;
        a.ihi = b.ihi;
    }
    return a;
}

#pragma omp declare reduction(mmx : mmx_state : omp_out = mmx_combine(omp_out, omp_in)) \
    initializer(omp_priv = omp_orig)

void minmax_index(int n, const double *x, double *minv, int *mini, double *maxv, int *maxi)
{
    mmx_state s = {x[0], x[0], 0, 0};
    #pragma omp parallel for schedule(static) reduction(mmx : s)
    for (int i = 0; i < n; i++) {
        double v = x[i];
        if (v < s.lo) {
            s.lo = v;
            s.ilo = i;
        }
        if (v > s.hi) {
            s.hi = v;
            s.ihi = i;
        }
    }
    *minv = s.lo;
    *mini = s.ilo;
    *maxv = s.hi;
    *maxi = s.ihi;
}
