#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define char_frequency pcwm_reference_char_frequency
#include "reference.c"
#undef char_frequency
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
    pcwm_make_text(n, text, 1);
    for (long i = 0; i < n; i += 997) text[i] = (char)(pcwm_mix(i) & 0xff); /* sprinkle arbitrary bytes */
    long fr[256], fc[256];
    for (int b = 0; b < 256; b++) fc[b] = -3;
    pcwm_reference_char_frequency(n, (const unsigned char *)text, fr);
    char_frequency(n, (const unsigned char *)text, fc);
    for (int b = 0; b < 256; b++) {
        if (fc[b] != fr[b]) {
            printf("PCWM_CHECK FAIL freq[%d] = %ld, expected %ld\n", b, fc[b], fr[b]);
            return 1;
        }
    }
    free(text);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
