void float_bins(int n, const double *x, double lo, double hi, int nbins, int *counts)
{
    for (int b = 0; b < nbins + 2; b++)
        counts[b] = 0;
    for (int i = 0; i < n; i++) {
        double v = x[i];
        int slot;
        if (v < lo) {
            slot = 0;
        } else if (v >= hi) {
            slot = nbins + 1;
        } else {
            int b = (int)((v - lo) / (hi - lo) * nbins);
            if (b > nbins - 1)
                b = nbins - 1;
            slot = 1 + b;
        }
        counts[slot]++;
    }
}
