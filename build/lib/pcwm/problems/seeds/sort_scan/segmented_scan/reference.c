void segmented_scan(int n, const int *val, const unsigned char *head, long long *out)
{
    long long run = 0;
    for (int i = 0; i < n; i++) {
        if (head[i])
            run = 0;
        run += val[i];
        out[i] = run;
    }
}
