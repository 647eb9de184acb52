/* Strategy: norms, then scaling, with identical static schedules (so nowait is legal); local max merged in critical. */
#include <math.h>
#include <omp.h>

double csr_row_normalize(int nrows, const int *rowptr, double *vals, double *norms) {
    double mx = 0.0;
    #pragma omp parallel
    {
        double local = 0.0;
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < nrows; i++) {
            double s = 0.0;
            for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                s += vals[p] * vals[p];
            norms[i] = sqrt(s);
            if (norms[i] > local) local = norms[i];
        }
        /* same static schedule and bounds: every row is scaled by the thread that computed its norm */
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < nrows; i++) {
            double nrm = norms[i];
            if (nrm > 0.0)
                for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                    vals[p] /= nrm;
        }
        #pragma omp critical(crn_max)
        {
            if (local > mx) mx = local;
        }
    }
    return mx;
}
