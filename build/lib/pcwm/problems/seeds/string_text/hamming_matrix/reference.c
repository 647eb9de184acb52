int hamming_matrix(int m, int len, const char *seqs, int *dist)
{
    int best = len + 1;
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
            int d = 0;
            for (int k = 0; k < len; k++) d += seqs[i * len + k] != seqs[j * len + k];
            dist[i * m + j] = d;
            if (i != j && d < best) best = d;
        }
    }
    return best;
}
