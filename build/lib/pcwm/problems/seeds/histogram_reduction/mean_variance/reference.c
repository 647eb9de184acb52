void mean_variance(int n, const double *x, double *mean, double *var)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i];
    double m = s / n;
    double ss = 0.0;
    for (int i = 0; i < n; i++) {
        double d = x[i] - m;
        ss += d * d;
    }
    *mean = m;
    *var = ss / n;
}
