#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define word_count pcwm_reference_word_count
#include "reference.c"
#undef word_count
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* pseudo-English text: words of 1..14 letters (some capitalised, some punctuation), separated by spaces,
   occasional tabs, double spaces and newlines */
static void pcwm_make_text(long n, char *t, uint64_t salt)
{
    long i = 0;
    uint64_t k = salt * 7919ULL;
    while (i < n) {
        uint64_t r = pcwm_mix(k++);
        int len = 1 + (int)(r % 14);
        for (int j = 0; j < len && i < n; j++) {
            uint64_t q = pcwm_mix(k++);
            char c = (char)('a' + q % 26);
            if (j == 0 && (q >> 20) % 7 == 0) c = (char)(c - 'a' + 'A');
            t[i++] = c;
        }
        if (i < n && (r >> 32) % 9 == 0) t[i++] = (r >> 40) % 2 ? ',' : '.';
        if (i >= n) break;
        int sep = (int)((r >> 48) % 16);
        t[i++] = sep == 0 ? '\n' : (sep == 1 ? '\t' : ' ');
        if (i < n && sep == 2) t[i++] = ' ';
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000;
    if (n < 1) n = 1;
    char *text = malloc(n);
    pcwm_make_text(n, text, 2);
    /* a few very long tokens (e.g. URLs) so long words cross any chunk boundary */
    for (long s = n / 7; s + 300 < n; s += n / 3)
        for (long i = s; i < s + 150 + (s % 100); i++) text[i] = (char)('a' + i % 26);
    int lr = -1, lc = -1;
    long wr = pcwm_reference_word_count(n, text, &lr);
    long wc = word_count(n, text, &lc);
    if (wc != wr || lc != lr) {
        printf("PCWM_CHECK FAIL words %ld longest %d, expected %ld and %d\n", wc, lc, wr, lr);
        return 1;
    }
    free(text);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
