// Strategy: a single thread generates a taskloop over output rows (grainsize 4); the team executes the tasks.
#include <omp.h>

void conv2d_zero_pad(int w, int h, const float *in, int k, const float *kern, float *out)
{
    const int c = k / 2;
#pragma omp parallel
    {
#pragma omp single
        {
#pragma omp taskloop grainsize(4)
            for (int y = 0; y < h; y++) {
                int i0 = c - y > 0 ? c - y : 0;
                int i1 = h - 1 - y + c < k - 1 ? h - 1 - y + c : k - 1;
                for (int x = 0; x < w; x++) {
                    int j0 = c - x > 0 ? c - x : 0;
                    int j1 = w - 1 - x + c < k - 1 ? w - 1 - x + c : k - 1;
                    double acc = 0.0;
                    for (int i = i0; i <= i1; i++)
                        for (int j = j0; j <= j1; j++)
                            acc += kern[i * k + j] * in[(y + i - c) * w + (x + j - c)];
                    out[y * w + x] = (float)acc;
                }
            }
        }
    }
}
