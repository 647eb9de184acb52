// Strategy: scratch vectors made firstprivate (per-thread copies), static parallel for over trials, count merged under critical.
#include <omp.h>
#include <cstdint>
#include <vector>

static double pfs_u01(uint64_t k)
{
    uint64_t z = k + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    return (double)(z >> 11) * 0x1.0p-53;
}

int percolation_trials(int L, int trials, double p, unsigned long long seed, unsigned char *spans)
{
    int count = 0;
    std::vector<unsigned char> grid((size_t)L * L);
    std::vector<int> queue((size_t)L * L);

    #pragma omp parallel firstprivate(grid, queue)
    {
        int mine = 0;
        #pragma omp for schedule(static)
        for (int t = 0; t < trials; t++) {
            uint64_t base = seed + (uint64_t)t * L * L;
            for (int s = 0; s < L * L; s++)
                grid[s] = pfs_u01(base + (uint64_t)s) < p ? 1 : 0;
            int head = 0, tail = 0;
            for (int j = 0; j < L; j++)
                if (grid[j] == 1) {
                    grid[j] = 2;
                    queue[tail++] = j;
                }
            int hit = 0;
            while (head < tail) {
                int s = queue[head++];
                int i = s / L, j = s % L;
                if (i == L - 1) {
                    hit = 1;
                    break;
                }
                if (i > 0 && grid[s - L] == 1) { grid[s - L] = 2; queue[tail++] = s - L; }
                if (grid[s + L] == 1) { grid[s + L] = 2; queue[tail++] = s + L; }
                if (j > 0 && grid[s - 1] == 1) { grid[s - 1] = 2; queue[tail++] = s - 1; }
                if (j < L - 1 && grid[s + 1] == 1) { grid[s + 1] = 2; queue[tail++] = s + 1; }
            }
            spans[t] = (unsigned char)hit;
            mine += hit;
        }
        #pragma omp critical(perc_count)
        count += mine;
    }
    return count;
}
