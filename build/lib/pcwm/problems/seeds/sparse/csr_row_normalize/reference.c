#include <math.h>

double csr_row_normalize(int nrows, const int *rowptr, double *vals, double *norms) {
    double mx = 0.0;
    for (int i = 0; i < nrows; i++) {
        double s = 0.0;
        for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
            s += vals[p] * vals[p];
        double nrm = sqrt(s);
        norms[i] = nrm;
        if (nrm > 0.0)
            for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                vals[p] /= nrm;
        if (nrm > mx) mx = nrm;
    }
    return mx;
}
