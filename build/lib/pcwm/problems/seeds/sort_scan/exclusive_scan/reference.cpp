long long exclusive_scan(int n, const int *in, long long *out)
{
    long long run = 0;
    for (int i = 0; i < n; i++) {
        out[i] = run;
        run += in[i];
    }
    return run;
}
