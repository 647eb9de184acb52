// Strategy: parallel for over columns; each iteration scans one whole column, so no output is shared.
#include <omp.h>

void column_argmax(int rows, int cols, const float *A, int *best_row, float *best_val)
{
    #pragma omp parallel for schedule(static)
    for (int c = 0; c < cols; c++) {
        float bv = A[c];
        int br = 0;
        for (int r = 1; r < rows; r++) {
            float v = A[(long)r * cols + c];
            if (v > bv) {
                bv = v;
                br = r;
            }
        }
        best_val[c] = bv;
        best_row[c] = br;
    }
}
