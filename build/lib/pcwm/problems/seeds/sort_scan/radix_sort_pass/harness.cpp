#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>
#include <utility>

#define radix_pass pcwm_reference_radix_pass
#include "reference.cpp"
#undef radix_pass
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
    int pcwm_n = argc > 1 ? std::atoi(argv[1]) : 100000;
    if (pcwm_n < 1) pcwm_n = 1;
    std::vector<unsigned> pcwm_ra(pcwm_n), pcwm_rb(pcwm_n), pcwm_ca(pcwm_n), pcwm_cb(pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        uint64_t r = pcwm_mix64(900 + (uint64_t)i);
        pcwm_ra[i] = (unsigned)(r & 0xFFFFFFFFu);
        if (i % 5 == 0) pcwm_ra[i] &= 0x00FF0F0Fu; /* clustered digits */
    }
    pcwm_ca = pcwm_ra;
    for (int pcwm_shift = 0; pcwm_shift < 32; pcwm_shift += 8) {
        std::fill(pcwm_cb.begin(), pcwm_cb.end(), 0xDEADBEEFu);
        pcwm_reference_radix_pass(pcwm_n, pcwm_ra.data(), pcwm_rb.data(), pcwm_shift);
        radix_pass(pcwm_n, pcwm_ca.data(), pcwm_cb.data(), pcwm_shift);
        for (int i = 0; i < pcwm_n; i++) {
            if (pcwm_cb[i] != pcwm_rb[i]) {
                std::printf("PCWM_CHECK FAIL shift %d: out[%d]=%u expected %u\n", pcwm_shift, i, pcwm_cb[i],
                            pcwm_rb[i]);
                return 1;
            }
        }
        std::swap(pcwm_ra, pcwm_rb);
        std::swap(pcwm_ca, pcwm_cb);
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
