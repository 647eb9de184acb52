#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define cipher_checksum pcwm_reference_cipher_checksum
#include "reference.c"
#undef cipher_checksum
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
    pcwm_make_text(n, text, 4);
    unsigned char key[13];
    for (int j = 0; j < 13; j++) key[j] = (unsigned char)(pcwm_mix(40 + j) & 0xff);
    unsigned char *orr = malloc(n), *oc = malloc(n);
    memset(oc, 0, n);
    unsigned long long cr = pcwm_reference_cipher_checksum(n, (const unsigned char *)text, key, 13, 7, orr);
    unsigned long long cc = cipher_checksum(n, (const unsigned char *)text, key, 13, 7, oc);
    if (memcmp(oc, orr, n) != 0) {
        long i = 0;
        while (oc[i] == orr[i]) i++;
        printf("PCWM_CHECK FAIL out[%ld] = %d, expected %d\n", i, oc[i], orr[i]);
        return 1;
    }
    if (cc != cr) {
        printf("PCWM_CHECK FAIL checksum %016llx, expected %016llx\n", cc, cr);
        return 1;
    }
    free(text); free(orr); free(oc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
