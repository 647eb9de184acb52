void int_histogram(int n, const int *data, int nbins, long long *hist)
{
    for (int b = 0; b < nbins; b++)
        hist[b] = 0;
    for (int i = 0; i < n; i++)
        hist[data[i]]++;
}
