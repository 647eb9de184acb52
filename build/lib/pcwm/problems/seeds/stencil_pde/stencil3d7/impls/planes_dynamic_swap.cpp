// Strategy: one region; omp for (dynamic) over z-planes into the other buffer; each thread swaps firstprivate pointers.
#include <omp.h>
#include <cstring>
#include <vector>

void stencil3d7(int n, int steps, double *u) {
    const long nn = (long)n * n, total = nn * n;
    std::vector<double> other(u, u + total);   // boundary values must be present in both buffers
    double *src = u, *dst = other.data();
    #pragma omp parallel firstprivate(src, dst)
    {
        for (int s = 0; s < steps; s++) {
            #pragma omp for schedule(dynamic, 1)
            for (int z = 1; z < n - 1; z++)
                for (int y = 1; y < n - 1; y++)
                    for (int x = 1; x < n - 1; x++) {
                        long c = z * nn + (long)y * n + x;
                        dst[c] = (src[c] + src[c - 1] + src[c + 1] + src[c - n] + src[c + n] + src[c - nn] + src[c + nn]) / 7.0;
                    }
            double *tmp = src; src = dst; dst = tmp;
        }
        if (src != u) {
            #pragma omp for schedule(static)
            for (long c = 0; c < total; c++)
                u[c] = src[c];
        }
    }
}
