long rle_encode(long n, const unsigned char *in, unsigned char *sym, int *len)
{
    long runs = 0;
    long i = 0;
    while (i < n) {
        long j = i + 1;
        while (j < n && in[j] == in[i]) j++;
        sym[runs] = in[i];
        len[runs] = (int)(j - i);
        runs++;
        i = j;
    }
    return runs;
}
