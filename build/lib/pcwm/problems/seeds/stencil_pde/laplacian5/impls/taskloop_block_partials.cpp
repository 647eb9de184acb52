// Strategy: one producer runs a taskloop over row blocks; each task stores its block's partial sum in its own slot.
#include <omp.h>
#include <vector>

static const int LAP_ROWS = 16;

double laplacian5(int nx, int ny, const double *u, double *out) {
    const int nb = (nx + LAP_ROWS - 1) / LAP_ROWS;
    std::vector<double> part(nb, 0.0);
    double s = 0.0;
    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp taskloop grainsize(1)
        for (int b = 0; b < nb; b++) {
            const int i0 = b * LAP_ROWS, i1 = i0 + LAP_ROWS < nx ? i0 + LAP_ROWS : nx;
            double local = 0.0;
            for (int i = i0; i < i1; i++)
                for (int j = 0; j < ny; j++) {
                    double v = 0.0;
                    if (i > 0 && i < nx - 1 && j > 0 && j < ny - 1)
                        v = u[(i - 1) * ny + j] + u[(i + 1) * ny + j] + u[i * ny + j - 1] + u[i * ny + j + 1] - 4.0 * u[i * ny + j];
                    out[i * ny + j] = v;
                    local += v * v;
                }
            part[b] = local;
        }
        for (int b = 0; b < nb; b++)
            s += part[b];
    }
    return s;
}
