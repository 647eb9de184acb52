#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>

#define column_argmax pcwm_reference_column_argmax
#include "reference.cpp"
#undef column_argmax
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
    int pcwm_rows = argc > 1 ? std::atoi(argv[1]) : 1024;
    if (pcwm_rows < 1) pcwm_rows = 1;
    const int pcwm_cols = 256;
    std::vector<float> pcwm_A((size_t)pcwm_rows * pcwm_cols);
    for (size_t i = 0; i < pcwm_A.size(); i++)
        pcwm_A[i] = (float)(pcwm_mix64(8080 + i) % 400) * 0.5f; /* only 400 distinct values: many ties */
    std::vector<int> pcwm_rr(pcwm_cols), pcwm_cr(pcwm_cols, -1);
    std::vector<float> pcwm_rv(pcwm_cols), pcwm_cv(pcwm_cols, -1.0f);
    pcwm_reference_column_argmax(pcwm_rows, pcwm_cols, pcwm_A.data(), pcwm_rr.data(), pcwm_rv.data());
    column_argmax(pcwm_rows, pcwm_cols, pcwm_A.data(), pcwm_cr.data(), pcwm_cv.data());
    for (int c = 0; c < pcwm_cols; c++) {
        if (pcwm_cr[c] != pcwm_rr[c] || pcwm_cv[c] != pcwm_rv[c]) {
            std::printf("PCWM_CHECK FAIL column %d: (%g@%d) expected (%g@%d)\n", c, pcwm_cv[c], pcwm_cr[c],
                        pcwm_rv[c], pcwm_rr[c]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
