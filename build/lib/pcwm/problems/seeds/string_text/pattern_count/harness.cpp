#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define pattern_count pcwm_reference_pattern_count
#include "reference.cpp"
#undef pattern_count
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? std::atol(argv[1]) : 150000;
    if (n < 1) n = 1;
    std::vector<char> text(n);
    for (long i = 0; i < n; i++) text[i] = (char)('a' + (pcwm_mix(55 + (uint64_t)i) >> 7) % 4);
    const char pat[] = {'a', 'b', 'a', 'b', 'c'};
    /* keep the start of the text match-free so the first match is somewhere inside */
    for (long i = 0; i < n / 3; i++)
        if (text[i] == 'c') text[i] = 'd';
    long fr = -2, fc = -2;
    long cr = pcwm_reference_pattern_count(n, text.data(), 5, pat, &fr);
    long cc = pattern_count(n, text.data(), 5, pat, &fc);
    if (cc != cr || fc != fr) {
        std::printf("PCWM_CHECK FAIL count %ld first %ld, expected %ld and %ld\n", cc, fc, cr, fr);
        return 1;
    }
    const char pat2[] = {'a', 'a', 'a'}; /* overlapping matches */
    cr = pcwm_reference_pattern_count(n, text.data(), 3, pat2, &fr);
    cc = pattern_count(n, text.data(), 3, pat2, &fc);
    if (cc != cr || fc != fr) {
        std::printf("PCWM_CHECK FAIL (aaa) count %ld first %ld, expected %ld and %ld\n", cc, fc, cr, fr);
        return 1;
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
