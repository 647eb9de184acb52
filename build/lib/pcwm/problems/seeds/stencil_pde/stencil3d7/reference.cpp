#include <vector>

void stencil3d7(int n, int steps, double *u) {
    const long nn = (long)n * n;
    std::vector<double> t((size_t)nn * n);
    for (int s = 0; s < steps; s++) {
        for (int z = 1; z < n - 1; z++)
            for (int y = 1; y < n - 1; y++)
                for (int x = 1; x < n - 1; x++) {
                    long c = z * nn + (long)y * n + x;
                    t[c] = (u[c] + u[c - 1] + u[c + 1] + u[c - n] + u[c + n] + u[c - nn] + u[c + nn]) / 7.0;
                }
        for (int z = 1; z < n - 1; z++)
            for (int y = 1; y < n - 1; y++)
                for (int x = 1; x < n - 1; x++) {
                    long c = z * nn + (long)y * n + x;
                    u[c] = t[c];
                }
    }
}
