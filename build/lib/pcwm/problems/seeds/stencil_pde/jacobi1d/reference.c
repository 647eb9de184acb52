#include <stdlib.h>

void jacobi1d(int n, int steps, double *u) {
    double *t = (double *)malloc((size_t)n * sizeof(double));
    for (int s = 0; s < steps; s++) {
        for (int i = 1; i < n - 1; i++)
            t[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
        for (int i = 1; i < n - 1; i++)
            u[i] = t[i];
    }
    free(t);
}
