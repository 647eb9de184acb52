// Strategy: single producer; per step one task per slab of z-planes computes scratch, taskwait, then copy-back tasks.
#include <omp.h>
#include <vector>

static const int S3_SLAB = 2;

void stencil3d7(int n, int steps, double *u) {
    const long nn = (long)n * n;
    std::vector<double> t((size_t)nn * n);
    double *tp = t.data();
    #pragma omp parallel
    #pragma omp single
    {
        for (int s = 0; s < steps; s++) {
            for (int z0 = 1; z0 < n - 1; z0 += S3_SLAB) {
                #pragma omp task firstprivate(z0)
                {
                    int z1 = z0 + S3_SLAB < n - 1 ? z0 + S3_SLAB : n - 1;
                    for (int z = z0; z < z1; z++)
                        for (int y = 1; y < n - 1; y++)
                            for (int x = 1; x < n - 1; x++) {
                                long c = z * nn + (long)y * n + x;
                                tp[c] = (u[c] + u[c - 1] + u[c + 1] + u[c - n] + u[c + n] + u[c - nn] + u[c + nn]) / 7.0;
                            }
                }
            }
            #pragma omp taskwait
            for (int z0 = 1; z0 < n - 1; z0 += S3_SLAB) {
                #pragma omp task firstprivate(z0)
                {
                    int z1 = z0 + S3_SLAB < n - 1 ? z0 + S3_SLAB : n - 1;
                    for (int z = z0; z < z1; z++)
                        for (int y = 1; y < n - 1; y++)
                            for (int x = 1; x < n - 1; x++) {
                                long c = z * nn + (long)y * n + x;
                                u[c] = tp[c];
                            }
                }
            }
            #pragma omp taskwait
        }
    }
}
