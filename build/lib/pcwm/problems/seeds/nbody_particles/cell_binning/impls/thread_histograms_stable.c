// Strategy: per-thread histograms over fixed index chunks, barrier, single builds per-thread offsets, stable scatter.
#include <omp.h>
#include <stdlib.h>

void cell_binning(int n, const double *x, const double *y, double box, int nc, int *cell_start, int *cell_index)
{
    int ncell = nc * nc;
    int nt = omp_get_max_threads();
    int *cell = malloc(sizeof(int) * (n > 0 ? n : 1));
    int *cnt = calloc((size_t)nt * ncell, sizeof(int));
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num(), team = omp_get_num_threads();
        int lo = (int)((long)n * tid / team), hi = (int)((long)n * (tid + 1) / team);
        int *mine = cnt + (size_t)tid * ncell;
        for (int i = lo; i < hi; i++) {
            int cx = (int)(x[i] / box * nc), cy = (int)(y[i] / box * nc);
            if (cx < 0) cx = 0;
            if (cx >= nc) cx = nc - 1;
            if (cy < 0) cy = 0;
            if (cy >= nc) cy = nc - 1;
            cell[i] = cy * nc + cx;
            mine[cell[i]]++;
        }
#pragma omp barrier
#pragma omp single
        {
            /* turn counts into the first slot of each (cell, thread) pair: cells outer, threads inner */
            int run = 0;
            for (int c = 0; c < ncell; c++) {
                cell_start[c] = run;
                for (int t = 0; t < team; t++) {
                    int k = cnt[(size_t)t * ncell + c];
                    cnt[(size_t)t * ncell + c] = run;
                    run += k;
                }
            }
            cell_start[ncell] = run;
        }
        for (int i = lo; i < hi; i++) cell_index[mine[cell[i]]++] = i;
    }
    free(cell);
    free(cnt);
}
