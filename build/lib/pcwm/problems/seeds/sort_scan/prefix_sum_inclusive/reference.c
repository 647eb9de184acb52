void prefix_sum_inclusive(int n, const long long *in, long long *out)
{
    long long run = 0;
    for (int i = 0; i < n; i++) {
        run += in[i];
        out[i] = run;
    }
}
