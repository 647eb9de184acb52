#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define longest_line pcwm_reference_longest_line
#include "reference.cpp"
#undef longest_line
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
    long n = argc > 1 ? std::atol(argv[1]) : 200000;
    if (n < 1) n = 1;
    std::vector<char> text(n);
    pcwm_make_text(n, text.data(), 3);
    /* two equally long lines (a tie) far apart, longer than anything else */
    long tie = 2000;
    long a = n / 3, b = 2 * n / 3 + 17;
    if (b + tie + 2 < n) {
        for (long s : {a, b}) {
            text[s] = '\n';
            for (long i = s + 1; i <= s + tie; i++)
                if (text[i] == '\n') text[i] = ' ';
            text[s + tie + 1] = '\n';
        }
    }
    long sr = -5, sc = -5;
    long lr = pcwm_reference_longest_line(n, text.data(), &sr);
    long lc = longest_line(n, text.data(), &sc);
    if (lc != lr || sc != sr) {
        std::printf("PCWM_CHECK FAIL longest %ld at %ld, expected %ld at %ld\n", lc, sc, lr, sr);
        return 1;
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
