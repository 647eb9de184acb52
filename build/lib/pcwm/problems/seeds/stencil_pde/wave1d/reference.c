#include <stdlib.h>

void wave1d(int n, int steps, double c2, double *u_prev, double *u_cur) {
    double *nx = (double *)malloc((size_t)n * sizeof(double));
    for (int s = 0; s < steps; s++) {
        nx[0] = 0.0;
        nx[n - 1] = 0.0;
        for (int i = 1; i < n - 1; i++)
            nx[i] = 2.0 * u_cur[i] - u_prev[i] + c2 * (u_cur[i - 1] - 2.0 * u_cur[i] + u_cur[i + 1]);
        for (int i = 0; i < n; i++) {
            u_prev[i] = u_cur[i];
            u_cur[i] = nx[i];
        }
    }
    free(nx);
}
