// Strategy: taskloop over row blocks filling a per-block candidate table, then parallel for over columns reduces blocks.
#include <omp.h>
#include <vector>

void column_argmax(int rows, int cols, const float *A, int *best_row, float *best_val)
{
    const int nblk = 32;
    const int bsz = (rows + nblk - 1) / nblk;
    std::vector<float> bval((size_t)nblk * cols);
    std::vector<int> brow((size_t)nblk * cols, -1);

    #pragma omp parallel
    {
        #pragma omp single
        {
            #pragma omp taskloop grainsize(2)
            for (int b = 0; b < nblk; b++) {
                int lo = b * bsz;
                int hi = lo + bsz < rows ? lo + bsz : rows;
                if (lo >= hi)
                    continue;
                float *v = &bval[(size_t)b * cols];
                int *w = &brow[(size_t)b * cols];
                for (int c = 0; c < cols; c++) {
                    v[c] = A[(long)lo * cols + c];
                    w[c] = lo;
                }
                for (int r = lo + 1; r < hi; r++)
                    for (int c = 0; c < cols; c++)
                        if (A[(long)r * cols + c] > v[c]) {
                            v[c] = A[(long)r * cols + c];
                            w[c] = r;
                        }
            }
        }

        #pragma omp for schedule(static)
        for (int c = 0; c < cols; c++) {
            float bv = bval[c];
            int br = brow[c];
            for (int b = 1; b < nblk; b++) {
                int r = brow[(size_t)b * cols + c];
                if (r >= 0 && bval[(size_t)b * cols + c] > bv) {
                    bv = bval[(size_t)b * cols + c];
                    br = r;
                }
            }
            best_val[c] = bv;
            best_row[c] = br;
        }
    }
}
