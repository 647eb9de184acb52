#include <stdlib.h>

void cell_binning(int n, const double *x, const double *y, double box, int nc, int *cell_start, int *cell_index)
{
    int ncell = nc * nc;
    int *cell = malloc(sizeof(int) * (n > 0 ? n : 1));
    int *fill = malloc(sizeof(int) * ncell);
    for (int c = 0; c <= ncell; c++) cell_start[c] = 0;
    for (int i = 0; i < n; i++) {
        int cx = (int)(x[i] / box * nc), cy = (int)(y[i] / box * nc);
        if (cx < 0) cx = 0;
        if (cx >= nc) cx = nc - 1;
        if (cy < 0) cy = 0;
        if (cy >= nc) cy = nc - 1;
        cell[i] = cy * nc + cx;
        cell_start[cell[i] + 1]++;
    }
    for (int c = 0; c < ncell; c++) cell_start[c + 1] += cell_start[c];
    for (int c = 0; c < ncell; c++) fill[c] = cell_start[c];
    for (int i = 0; i < n; i++) cell_index[fill[cell[i]]++] = i;
    free(cell);
    free(fill);
}
