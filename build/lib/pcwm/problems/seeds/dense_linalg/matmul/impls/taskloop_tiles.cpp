// Strategy: single producer runs a taskloop over output tiles; each task fills a local tile then stores it.
#include <omp.h>
#include <vector>

static const int MM_TILE = 16;

void matmul(int n, const double *A, const double *B, double *C) {
    const int nt = (n + MM_TILE - 1) / MM_TILE;
    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp taskloop grainsize(2)
        for (int t = 0; t < nt * nt; t++) {
            const int i0 = (t / nt) * MM_TILE, j0 = (t % nt) * MM_TILE;
            const int i1 = i0 + MM_TILE < n ? i0 + MM_TILE : n;
            const int j1 = j0 + MM_TILE < n ? j0 + MM_TILE : n;
            std::vector<double> tile((size_t)MM_TILE * MM_TILE, 0.0);
            for (int k = 0; k < n; k++)
                for (int i = i0; i < i1; i++) {
                    const double a = A[i * n + k];
                    for (int j = j0; j < j1; j++)
                        tile[(i - i0) * MM_TILE + (j - j0)] += a * B[k * n + j];
                }
            for (int i = i0; i < i1; i++)
                for (int j = j0; j < j1; j++)
                    C[i * n + j] = tile[(i - i0) * MM_TILE + (j - j0)];
        }
    }
}
