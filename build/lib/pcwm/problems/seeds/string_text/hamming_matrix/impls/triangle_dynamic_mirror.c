// Strategy: upper triangle rows under schedule(dynamic), each distance written to both mirror entries; min via critical.
#include <omp.h>

int hamming_matrix(int m, int len, const char *seqs, int *dist)
{
    int best = len + 1;
#pragma omp parallel
    {
        int mine = len + 1;
#pragma omp for schedule(dynamic, 4) nowait
        for (int i = 0; i < m; i++) {
            dist[i * m + i] = 0;
            for (int j = i + 1; j < m; j++) {
                int d = 0;
                for (int k = 0; k < len; k++) d += seqs[i * len + k] != seqs[j * len + k];
                dist[i * m + j] = d;
                dist[j * m + i] = d;
                if (d < mine) mine = d;
            }
        }
#pragma omp critical
        {
            if (mine < best) best = mine;
        }
    }
    return best;
}
