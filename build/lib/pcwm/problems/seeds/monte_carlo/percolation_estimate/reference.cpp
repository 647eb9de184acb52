#include <cstdint>
#include <vector>

static uint64_t ref_splitmix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double ref_u01(uint64_t k)
{
    return (double)(ref_splitmix64(k) >> 11) * 0x1.0p-53;
}

int percolation_trials(int L, int trials, double p, unsigned long long seed, unsigned char *spans)
{
    std::vector<unsigned char> state((size_t)L * L);   // 0 closed, 1 open, 2 reached
    std::vector<int> stack;
    int count = 0;
    for (int t = 0; t < trials; t++) {
        uint64_t base = seed + (uint64_t)t * L * L;
        for (int s = 0; s < L * L; s++)
            state[s] = ref_u01(base + (uint64_t)s) < p ? 1 : 0;
        stack.clear();
        for (int j = 0; j < L; j++)
            if (state[j] == 1) {
                state[j] = 2;
                stack.push_back(j);
            }
        int hit = 0;
        while (!stack.empty() && !hit) {
            int s = stack.back();
            stack.pop_back();
            int i = s / L, j = s % L;
            if (i == L - 1) {
                hit = 1;
                break;
            }
            int nb[4] = {i > 0 ? s - L : -1, s + L, j > 0 ? s - 1 : -1, j < L - 1 ? s + 1 : -1};
            for (int q = 0; q < 4; q++)
                if (nb[q] >= 0 && state[nb[q]] == 1) {
                    state[nb[q]] = 2;
                    stack.push_back(nb[q]);
                }
        }
        spans[t] = (unsigned char)hit;
        count += hit;
    }
    return count;
}
