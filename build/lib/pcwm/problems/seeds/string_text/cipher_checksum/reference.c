unsigned long long cipher_checksum(long n, const unsigned char *in, const unsigned char *key, int klen, int shift,
                                   unsigned char *out)
{
    unsigned long long s = 0, x = 0;
    for (long i = 0; i < n; i++) {
        unsigned char c = in[i];
        if (c >= 'a' && c <= 'z') c = (unsigned char)('a' + (c - 'a' + shift) % 26);
        else if (c >= 'A' && c <= 'Z') c = (unsigned char)('A' + (c - 'A' + shift) % 26);
        out[i] = c ^ key[i % klen];
        s += (unsigned long long)out[i] * (unsigned long long)(i % 251 + 1);
        x ^= (unsigned long long)out[i] << (8 * (i % 4));
    }
    return s ^ (x << 32);
}
