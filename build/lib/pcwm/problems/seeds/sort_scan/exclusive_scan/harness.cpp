#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>

#define exclusive_scan pcwm_reference_exclusive_scan
#include "reference.cpp"
#undef exclusive_scan
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
    int pcwm_n = argc > 1 ? std::atoi(argv[1]) : 150000;
    if (pcwm_n < 1) pcwm_n = 1;
    std::vector<int> pcwm_in(pcwm_n);
    std::vector<long long> pcwm_ref(pcwm_n), pcwm_out(pcwm_n, -7);
    for (int i = 0; i < pcwm_n; i++)
        pcwm_in[i] = (int)(pcwm_mix64(77 + (uint64_t)i) % 1000);
    long long pcwm_rt = pcwm_reference_exclusive_scan(pcwm_n, pcwm_in.data(), pcwm_ref.data());
    long long pcwm_ct = exclusive_scan(pcwm_n, pcwm_in.data(), pcwm_out.data());
    if (pcwm_ct != pcwm_rt) {
        std::printf("PCWM_CHECK FAIL total=%lld expected %lld\n", pcwm_ct, pcwm_rt);
        return 1;
    }
    for (int i = 0; i < pcwm_n; i++) {
        if (pcwm_out[i] != pcwm_ref[i]) {
            std::printf("PCWM_CHECK FAIL out[%d]=%lld expected %lld\n", i, pcwm_out[i], pcwm_ref[i]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
