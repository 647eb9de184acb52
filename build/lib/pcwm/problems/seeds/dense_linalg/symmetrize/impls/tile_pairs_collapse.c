/* Strategy: collapse(2) over (row tile, column tile); tiles below the diagonal are skipped, so each pair is touched once. */
#include <omp.h>

#define SYM_TILE 32

void symmetrize(int n, double *A) {
    int nt = (n + SYM_TILE - 1) / SYM_TILE;
    #pragma omp parallel for collapse(2) schedule(dynamic, 4)
    for (int bi = 0; bi < nt; bi++) {
        for (int bj = 0; bj < nt; bj++) {
            if (bj < bi)
                continue;
            int i1 = (bi + 1) * SYM_TILE < n ? (bi + 1) * SYM_TILE : n;
            int j1 = (bj + 1) * SYM_TILE < n ? (bj + 1) * SYM_TILE : n;
            for (int i = bi * SYM_TILE; i < i1; i++) {
                int j0 = bj * SYM_TILE;
                if (j0 <= i) j0 = i + 1;
                for (int j = j0; j < j1; j++) {
                    double s = 0.5 * (A[(long)i * n + j] + A[(long)j * n + i]);
                    A[(long)i * n + j] = s;
                    A[(long)j * n + i] = s;
                }
            }
        }
    }
}
