// Strategy: per-thread row bands get a local table; barrier; single scans band bottom rows; barrier; add offsets.
#include <omp.h>
#include <vector>

void integral_image(int w, int h, const unsigned char *img, long long *sat)
{
    const int nt = omp_get_max_threads();
    std::vector<long long> carry((size_t)(nt + 1) * w, 0); /* carry[t*w + x]: sum of all rows above band t */
#pragma omp parallel num_threads(nt)
    {
        const int tid = omp_get_thread_num(), team = omp_get_num_threads();
        const int y0 = (int)((long)h * tid / team), y1 = (int)((long)h * (tid + 1) / team);
        for (int y = y0; y < y1; y++) {
            long long run = 0;
            for (int x = 0; x < w; x++) {
                run += img[(long)y * w + x];
                sat[(long)y * w + x] = run + (y > y0 ? sat[(long)(y - 1) * w + x] : 0);
            }
        }
#pragma omp barrier
#pragma omp single
        {
            for (int t = 1; t <= team; t++) {
                int last = (int)((long)h * t / team) - 1; /* bottom row of band t-1 (local sums) */
                int first = (int)((long)h * (t - 1) / team);
                for (int x = 0; x < w; x++)
                    carry[(size_t)t * w + x] =
                        carry[(size_t)(t - 1) * w + x] + (last >= first ? sat[(long)last * w + x] : 0);
            }
        }
        if (tid > 0) {
            const long long *add = &carry[(size_t)tid * w];
            for (int y = y0; y < y1; y++)
                for (int x = 0; x < w; x++) sat[(long)y * w + x] += add[x];
        }
    }
}
