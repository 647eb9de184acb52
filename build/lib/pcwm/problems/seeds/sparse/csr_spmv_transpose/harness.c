#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define csr_spmv_transpose pcwm_reference_csr_spmv_transpose
#include "reference.c"
#undef csr_spmv_transpose
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
/* deterministic uniform double in [0,1) from a stream id and an index */
static double pcwm_unit(uint64_t stream, uint64_t i) {
    return (double)(pcwm_mix64(stream * 0x100000001B3ULL + i) >> 11) * (1.0 / 9007199254740992.0);
}
static int pcwm_close(double a, double b, double rtol) {
    double d = fabs(a - b), s = fmax(fabs(a), fabs(b));
    return d <= rtol * (s > 1.0 ? s : 1.0);
}
/* Builds a CSR matrix (nrows x ncols) with sorted, distinct column indices per row and skewed row lengths. */
static void pcwm_build_csr(int nrows, int ncols, uint64_t stream, int **rp_out, int **ci_out, double **va_out) {
    int *rp = (int *)malloc((size_t)(nrows + 1) * sizeof(int));
    rp[0] = 0;
    for (int i = 0; i < nrows; i++) {
        int len = 1 + (int)(pcwm_mix64(stream * 7919u + (uint64_t)i) % 15u);
        if (i % 211 == 7) len = 120;             /* a few heavy rows */
        if (len > ncols) len = ncols;
        rp[i + 1] = rp[i] + len;
    }
    int nnz = rp[nrows];
    int *ci = (int *)malloc((size_t)(nnz > 0 ? nnz : 1) * sizeof(int));
    double *va = (double *)malloc((size_t)(nnz > 0 ? nnz : 1) * sizeof(double));
    for (int i = 0; i < nrows; i++) {
        int len = rp[i + 1] - rp[i];
        int gap = ncols / len;
        for (int k = 0; k < len; k++) {
            int p = rp[i] + k;
            ci[p] = k * gap + (int)(pcwm_mix64(stream * 104729u + (uint64_t)p) % (uint64_t)gap);
            va[p] = pcwm_unit(stream + 1000, (uint64_t)p) * 2.0 - 1.0;
        }
    }
    *rp_out = rp; *ci_out = ci; *va_out = va;
}
int main(int argc, char **argv) {
    int nrows = (argc > 1) ? atoi(argv[1]) : 20000;
    if (nrows < 2) nrows = 2;
    int ncols = nrows / 2;
    int *rp, *ci;
    double *va;
    pcwm_build_csr(nrows, ncols, 42, &rp, &ci, &va);
    double *x = (double *)malloc((size_t)nrows * sizeof(double));
    double *yr = (double *)malloc((size_t)ncols * sizeof(double));
    double *yc = (double *)malloc((size_t)ncols * sizeof(double));
    for (int i = 0; i < nrows; i++) x[i] = pcwm_unit(43, i) * 2.0 - 1.0;
    for (int j = 0; j < ncols; j++) yc[j] = -777.0;
    pcwm_reference_csr_spmv_transpose(nrows, ncols, rp, ci, va, x, yr);
    csr_spmv_transpose(nrows, ncols, rp, ci, va, x, yc);
    for (int j = 0; j < ncols; j++) {
        if (!pcwm_close(yr[j], yc[j], 1e-9)) {
            printf("PCWM_CHECK FAIL y[%d] = %g, expected %g\n", j, yc[j], yr[j]);
            return 1;
        }
    }
    printf("PCWM_CHECK PASS\n");
    free(rp); free(ci); free(va); free(x); free(yr); free(yc);
    return 0;
}
