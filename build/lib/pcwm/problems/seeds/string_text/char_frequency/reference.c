void char_frequency(long n, const unsigned char *text, long *freq)
{
    for (int b = 0; b < 256; b++) freq[b] = 0;
    for (long i = 0; i < n; i++) freq[text[i]]++;
}
