/* Strategy: shared cur/nxt pointers; omp for updates nxt's interior, a single thread fills edges and swaps pointers. */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

double heat2d_neumann(int nx, int ny, int steps, double alpha, const double *src, double *T) {
    double *buf = (double *)malloc((size_t)nx * ny * sizeof(double));
    memcpy(buf, T, (size_t)nx * ny * sizeof(double));   /* corners identical in both buffers */
    double *cur = T, *nxt = buf;
    double mx = T[0];
    #pragma omp parallel
    {
        for (int s = 0; s < steps; s++) {
            #pragma omp for schedule(dynamic, 8)
            for (int i = 1; i < nx - 1; i++)
                for (int j = 1; j < ny - 1; j++) {
                    int c = i * ny + j;
                    nxt[c] = cur[c] + alpha * (cur[c - ny] + cur[c + ny] + cur[c - 1] + cur[c + 1] - 4.0 * cur[c]) + src[c];
                }
            #pragma omp single
            {
                for (int j = 1; j < ny - 1; j++) {
                    nxt[j] = nxt[ny + j];
                    nxt[(nx - 1) * ny + j] = nxt[(nx - 2) * ny + j];
                }
                for (int i = 1; i < nx - 1; i++) {
                    nxt[i * ny] = nxt[i * ny + 1];
                    nxt[i * ny + ny - 1] = nxt[i * ny + ny - 2];
                }
                double *tmp = cur; cur = nxt; nxt = tmp;
            }
        }
        if (cur != T) {
            #pragma omp for schedule(static)
            for (int c = 0; c < nx * ny; c++)
                T[c] = cur[c];
        }
        #pragma omp for schedule(static) reduction(max:mx)
        for (int c = 0; c < nx * ny; c++)
            if (T[c] > mx) mx = T[c];
    }
    free(buf);
    return mx;
}
