// Strategy: thread-private per-column bests over an omp for share of rows (nowait), merged under critical.
#include <omp.h>
#include <vector>

void column_argmax(int rows, int cols, const float *A, int *best_row, float *best_val)
{
    for (int c = 0; c < cols; c++) {
        best_row[c] = 0;
        best_val[c] = A[c];
    }
    #pragma omp parallel
    {
        std::vector<float> lv(A, A + cols);
        std::vector<int> lr(cols, 0);
        #pragma omp for schedule(static) nowait
        for (int r = 1; r < rows; r++) {
            const float *row = A + (long)r * cols;
            for (int c = 0; c < cols; c++) {
                if (row[c] > lv[c]) {
                    lv[c] = row[c];
                    lr[c] = r;
                }
            }
        }
        #pragma omp critical(colmax_merge)
        for (int c = 0; c < cols; c++) {
            if (lv[c] > best_val[c] || (lv[c] == best_val[c] && lr[c] < best_row[c])) {
                best_val[c] = lv[c];
                best_row[c] = lr[c];
            }
        }
    }
}
