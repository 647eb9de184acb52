// Strategy: taskloop over output rows (grainsize 8); each row keeps a sliding horizontal window of column sums.
#include <omp.h>
#include <stdlib.h>

void box_blur(int w, int h, int r, const unsigned char *in, unsigned char *out)
{
    const int area = (2 * r + 1) * (2 * r + 1);
#pragma omp parallel
#pragma omp single
#pragma omp taskloop grainsize(8)
    for (int y = 0; y < h; y++) {
        int *col = malloc(sizeof(int) * (size_t)w);
        for (int x = 0; x < w; x++) {
            int s = 0;
            for (int d = -r; d <= r; d++) {
                int yy = y + d < 0 ? 0 : (y + d >= h ? h - 1 : y + d);
                s += in[(size_t)yy * w + x];
            }
            col[x] = s;
        }
        int win = 0;
        for (int d = -r; d <= r; d++) win += col[d < 0 ? 0 : (d >= w ? w - 1 : d)];
        for (int x = 0; x < w; x++) {
            out[(size_t)y * w + x] = (unsigned char)((win + area / 2) / area);
            int add = x + r + 1 >= w ? w - 1 : x + r + 1;
            int sub = x - r < 0 ? 0 : x - r;
            win += col[add] - col[sub];
        }
        free(col);
    }
}
