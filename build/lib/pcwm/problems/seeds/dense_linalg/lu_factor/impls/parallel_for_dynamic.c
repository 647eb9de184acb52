/* Strategy: the step loop stays sequential; each step forks a parallel for with dynamic chunks over trailing rows. */
#include <omp.h>

void lu_factor(int n, double *A) {
    for (int k = 0; k < n - 1; k++) {
        const double *prow = A + (long)k * n;
        double piv = prow[k];
        #pragma omp parallel for schedule(dynamic, 4) firstprivate(piv)
        for (int i = k + 1; i < n; i++) {
            double *row = A + (long)i * n;
            double l = row[k] / piv;
            row[k] = l;
            for (int j = k + 1; j < n; j++)
                row[j] -= l * prow[j];
        }
    }
}
