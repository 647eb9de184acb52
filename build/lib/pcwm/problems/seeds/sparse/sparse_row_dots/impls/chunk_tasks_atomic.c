/* Strategy: one thread creates a task per chunk of rows; each task accumulates its chunk and adds it atomically. */
#include <omp.h>

#define SRD_CHUNK 256

double sparse_row_dots(int nrows, const int *pa, const int *ia, const double *va,
                       const int *pb, const int *ib, const double *vb, double *d) {
    double total = 0.0;
    #pragma omp parallel
    {
        #pragma omp single nowait
        {
            for (int r0 = 0; r0 < nrows; r0 += SRD_CHUNK) {
                #pragma omp task firstprivate(r0) shared(total)
                {
                    int r1 = r0 + SRD_CHUNK < nrows ? r0 + SRD_CHUNK : nrows;
                    double part = 0.0;
                    for (int r = r0; r < r1; r++) {
                        int p = pa[r], q = pb[r];
                        double s = 0.0;
                        while (p < pa[r + 1] && q < pb[r + 1]) {
                            if (ia[p] == ib[q]) { s += va[p] * vb[q]; p++; q++; }
                            else if (ia[p] < ib[q]) p++;
                            else q++;
                        }
                        d[r] = s;
                        part += s;
                    }
                    #pragma omp atomic
                    total += part;
                }
            }
        }
    }
    return total;
}
