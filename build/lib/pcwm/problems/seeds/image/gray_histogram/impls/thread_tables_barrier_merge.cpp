// Strategy: each thread fills its own 256-bin row of a shared table; barrier; bins merged by a worksharing loop.
#include <omp.h>
#include <vector>

void gray_histogram(int npix, const unsigned char *rgb, unsigned char *gray, long *hist)
{
    const int nt = omp_get_max_threads();
    std::vector<long> table(256 * (size_t)nt, 0);
#pragma omp parallel num_threads(nt)
    {
        const int tid = omp_get_thread_num();
        long *mine = table.data() + 256 * (size_t)tid;
#pragma omp for schedule(static) nowait
        for (int i = 0; i < npix; i++) {
            int g = (77 * rgb[3 * i] + 150 * rgb[3 * i + 1] + 29 * rgb[3 * i + 2] + 128) >> 8;
            gray[i] = (unsigned char)g;
            mine[g]++;
        }
#pragma omp barrier
        const int team = omp_get_num_threads();
#pragma omp for schedule(static)
        for (int v = 0; v < 256; v++) {
            long s = 0;
            for (int t = 0; t < team; t++) s += table[256 * (size_t)t + v];
            hist[v] = s;
        }
    }
}
