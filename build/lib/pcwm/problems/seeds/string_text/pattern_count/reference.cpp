long pattern_count(long n, const char *text, int m, const char *pat, long *first)
{
    long count = 0;
    *first = -1;
    for (long i = 0; i + m <= n; i++) {
        int k = 0;
        while (k < m && text[i + k] == pat[k]) k++;
        if (k == m) {
            if (count == 0) *first = i;
            count++;
        }
    }
    return count;
}
