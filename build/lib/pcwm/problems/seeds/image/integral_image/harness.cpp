#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define integral_image pcwm_reference_integral_image
#include "reference.cpp"
#undef integral_image
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
    int s = argc > 1 ? std::atoi(argv[1]) : 384;
    if (s < 1) s = 1;
    int w = s + 5, h = s - s / 8 + 1;
    size_t np = (size_t)w * h;
    std::vector<unsigned char> img(np);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int v = (int)(pcwm_mix((uint64_t)y * w + x + 3) & 127) + ((x * y) & 127);
            img[(size_t)y * w + x] = (unsigned char)v;
        }
    std::vector<long long> sr(np), sc(np, -1);
    pcwm_reference_integral_image(w, h, img.data(), sr.data());
    integral_image(w, h, img.data(), sc.data());
    for (size_t i = 0; i < np; i++) {
        if (sc[i] != sr[i]) {
            std::printf("PCWM_CHECK FAIL sat at (%d,%d) = %lld, expected %lld\n", (int)(i % w), (int)(i / w), sc[i],
                        sr[i]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
