// Strategy: a single thread creates one task per trial; each task owns its scratch and bumps the count atomically.
#include <omp.h>
#include <cstdint>
#include <vector>

static double ptt_u01(uint64_t k)
{
    uint64_t z = k + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    return (double)(z >> 11) * 0x1.0p-53;
}

static int ptt_spans(int L, double p, uint64_t base, std::vector<unsigned char> &grid, std::vector<int> &stack)
{
    for (int s = 0; s < L * L; s++)
        grid[s] = ptt_u01(base + (uint64_t)s) < p ? 1 : 0;
    for (int j = 0; j < L; j++)
        if (grid[j] == 1) {
            grid[j] = 2;
            stack.push_back(j);
        }
    while (!stack.empty()) {
        int s = stack.back();
        stack.pop_back();
        int i = s / L, j = s % L;
        if (i == L - 1)
            return 1;
        const int nbr[4] = {i > 0 ? s - L : -1, s + L, j > 0 ? s - 1 : -1, j < L - 1 ? s + 1 : -1};
        for (int q = 0; q < 4; q++)
            if (nbr[q] >= 0 && grid[nbr[q]] == 1) {
                grid[nbr[q]] = 2;
                stack.push_back(nbr[q]);
            }
    }
    return 0;
}

int percolation_trials(int L, int trials, double p, unsigned long long seed, unsigned char *spans)
{
    int count = 0;
    #pragma omp parallel
    #pragma omp single
    {
        for (int t = 0; t < trials; t++) {
            #pragma omp task firstprivate(t) shared(count)
            {
                std::vector<unsigned char> grid((size_t)L * L);
                std::vector<int> stack;
                int hit = ptt_spans(L, p, seed + (uint64_t)t * L * L, grid, stack);
                spans[t] = (unsigned char)hit;
                if (hit) {
                    #pragma omp atomic
                    count += 1;
                }
            }
        }
    }
    return count;
}
