long word_count(long n, const char *text, int *longest)
{
    long words = 0;
    int best = 0, cur = 0;
    for (long i = 0; i < n; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            cur = 0;
        } else {
            if (cur == 0) words++;
            cur++;
            if (cur > best) best = cur;
        }
    }
    *longest = best;
    return words;
}
