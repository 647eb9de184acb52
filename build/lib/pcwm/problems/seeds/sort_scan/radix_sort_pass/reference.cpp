void radix_pass(int n, const unsigned *in, unsigned *out, int shift)
{
    int count[256] = {0};
    for (int i = 0; i < n; i++)
        count[(in[i] >> shift) & 255u]++;
    int acc = 0;
    for (int d = 0; d < 256; d++) {
        int c = count[d];
        count[d] = acc;
        acc += c;
    }
    for (int i = 0; i < n; i++)
        out[count[(in[i] >> shift) & 255u]++] = in[i];
}
