void minmax_index(int n, const double *x, double *minv, int *mini, double *maxv, int *maxi)
{
    double lo = x[0], hi = x[0];
    int ilo = 0, ihi = 0;
    for (int i = 1; i < n; i++) {
        if (x[i] < lo) {
            lo = x[i];
            ilo = i;
        }
        if (x[i] > hi) {
            hi = x[i];
            ihi = i;
        }
    }
    *minv = lo;
    *mini = ilo;
    *maxv = hi;
    *maxi = ihi;
}
