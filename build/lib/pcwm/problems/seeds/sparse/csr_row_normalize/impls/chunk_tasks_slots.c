/* Strategy: one task per chunk of rows; each task writes its chunk maximum to its own slot; max taken after taskwait. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#define CRN_CHUNK 512

double csr_row_normalize(int nrows, const int *rowptr, double *vals, double *norms) {
    int nchunks = (nrows + CRN_CHUNK - 1) / CRN_CHUNK;
    double *cmax = (double *)calloc((size_t)(nchunks > 0 ? nchunks : 1), sizeof(double));
    double mx = 0.0;
    #pragma omp parallel
    #pragma omp single
    {
        for (int c = 0; c < nchunks; c++) {
            #pragma omp task firstprivate(c)
            {
                int i0 = c * CRN_CHUNK, i1 = i0 + CRN_CHUNK < nrows ? i0 + CRN_CHUNK : nrows;
                double m = 0.0;
                for (int i = i0; i < i1; i++) {
                    double s = 0.0;
                    for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                        s += vals[p] * vals[p];
                    double nrm = sqrt(s);
                    norms[i] = nrm;
                    if (nrm > 0.0)
                        for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                            vals[p] /= nrm;
                    if (nrm > m) m = nrm;
                }
                cmax[c] = m;
            }
        }
        #pragma omp taskwait
        for (int c = 0; c < nchunks; c++)
            if (cmax[c] > mx) mx = cmax[c];
    }
    free(cmax);
    return mx;
}
