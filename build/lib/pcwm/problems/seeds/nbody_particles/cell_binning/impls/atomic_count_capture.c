// Strategy: atomic cell counters, prefix sum inside single, atomic capture hands out slots in each cell.
#include <omp.h>
#include <stdlib.h>

void cell_binning(int n, const double *x, const double *y, double box, int nc, int *cell_start, int *cell_index)
{
    int ncell = nc * nc;
    int *cell = malloc(sizeof(int) * (n > 0 ? n : 1));
    int *fill = malloc(sizeof(int) * ncell);
#pragma omp parallel
    {
#pragma omp for
        for (int c = 0; c <= ncell; c++) cell_start[c] = 0;
#pragma omp for
        for (int i = 0; i < n; i++) {
            int cx = (int)(x[i] / box * nc), cy = (int)(y[i] / box * nc);
            cx = cx < 0 ? 0 : (cx >= nc ? nc - 1 : cx);
            cy = cy < 0 ? 0 : (cy >= nc ? nc - 1 : cy);
            cell[i] = cy * nc + cx;
#pragma omp atomic
            cell_start[cell[i] + 1]++;
        }
#pragma omp single
        {
            for (int c = 0; c < ncell; c++) cell_start[c + 1] += cell_start[c];
        }
#pragma omp for
        for (int c = 0; c < ncell; c++) fill[c] = cell_start[c];
#pragma omp for
        for (int i = 0; i < n; i++) {
            int slot;
#pragma omp atomic capture
            slot = fill[cell[i]]++;
            cell_index[slot] = i;
        }
    }
    free(cell);
    free(fill);
}
