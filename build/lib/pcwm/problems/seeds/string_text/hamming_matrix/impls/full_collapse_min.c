// Strategy: every matrix entry computed independently under collapse(2); minimum off-diagonal via reduction(min).
#include <omp.h>

int hamming_matrix(int m, int len, const char *seqs, int *dist)
{
    int best = len + 1;
    int d;
#pragma omp parallel for collapse(2) schedule(static) private(d) reduction(min : best)
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
            const char *a = seqs + (long)i * len, *b = seqs + (long)j * len;
            d = 0;
            for (int k = 0; k < len; k++) d += a[k] != b[k];
            dist[i * m + j] = d;
            if (i != j && d < best) best = d;
        }
    }
    return best;
}
