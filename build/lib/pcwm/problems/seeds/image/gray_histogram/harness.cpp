#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define gray_histogram pcwm_reference_gray_histogram
#include "reference.cpp"
#undef gray_histogram
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
    int npix = argc > 1 ? std::atoi(argv[1]) : 90000;
    if (npix < 1) npix = 1;
    std::vector<unsigned char> rgb(3 * (size_t)npix);
    for (int i = 0; i < npix; i++) {
        uint64_t r = pcwm_mix(424242 + (uint64_t)i);
        int base = (int)((i / 300) % 200); /* slowly varying brightness plus per-channel noise */
        for (int c = 0; c < 3; c++) {
            int v = base + (int)((r >> (8 * c)) & 63) - 8 + 10 * c;
            rgb[3 * (size_t)i + c] = (unsigned char)(v < 0 ? 0 : (v > 255 ? 255 : v));
        }
    }
    std::vector<unsigned char> gr(npix), gc(npix, 7);
    std::vector<long> hr(256), hc(256, 99);
    pcwm_reference_gray_histogram(npix, rgb.data(), gr.data(), hr.data());
    gray_histogram(npix, rgb.data(), gc.data(), hc.data());
    for (int i = 0; i < npix; i++) {
        if (gc[i] != gr[i]) {
            std::printf("PCWM_CHECK FAIL gray[%d] = %d, expected %d\n", i, gc[i], gr[i]);
            return 1;
        }
    }
    for (int v = 0; v < 256; v++) {
        if (hc[v] != hr[v]) {
            std::printf("PCWM_CHECK FAIL hist[%d] = %ld, expected %ld\n", v, hc[v], hr[v]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
