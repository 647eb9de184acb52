#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define coo_to_csr pcwm_reference_coo_to_csr
#include "reference.c"
#undef coo_to_csr
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
    int n = (argc > 1) ? atoi(argv[1]) : 12000;
    if (n < 1) n = 1;
    int *rp, *ci;
    double *va;
    pcwm_build_csr(n, n, 44, &rp, &ci, &va);
    int nnz = rp[n];
    int *row = (int *)malloc((size_t)nnz * sizeof(int)), *col = (int *)malloc((size_t)nnz * sizeof(int));
    double *val = (double *)malloc((size_t)nnz * sizeof(double));
    for (int i = 0; i < n; i++)
        for (int p = rp[i]; p < rp[i + 1]; p++) { row[p] = i; col[p] = ci[p]; val[p] = va[p]; }
    for (int k = nnz - 1; k > 0; k--) {          /* deterministic Fisher-Yates shuffle */
        int s = (int)(pcwm_mix64(45000000u + (uint64_t)k) % (uint64_t)(k + 1));
        int tr = row[k]; row[k] = row[s]; row[s] = tr;
        int tc = col[k]; col[k] = col[s]; col[s] = tc;
        double tv = val[k]; val[k] = val[s]; val[s] = tv;
    }
    int *rpr = (int *)malloc((size_t)(n + 1) * sizeof(int)), *rpc = (int *)malloc((size_t)(n + 1) * sizeof(int));
    int *cir = (int *)malloc((size_t)nnz * sizeof(int)), *cic = (int *)malloc((size_t)nnz * sizeof(int));
    double *var = (double *)malloc((size_t)nnz * sizeof(double)), *vac = (double *)malloc((size_t)nnz * sizeof(double));
    for (int i = 0; i <= n; i++) rpc[i] = -1;
    for (int k = 0; k < nnz; k++) { cic[k] = -1; vac[k] = -777.0; }
    pcwm_reference_coo_to_csr(n, nnz, row, col, val, rpr, cir, var);
    coo_to_csr(n, nnz, row, col, val, rpc, cic, vac);
    for (int i = 0; i <= n; i++)
        if (rpr[i] != rpc[i]) { printf("PCWM_CHECK FAIL rowptr[%d] = %d, expected %d\n", i, rpc[i], rpr[i]); return 1; }
    for (int k = 0; k < nnz; k++)
        if (cir[k] != cic[k] || var[k] != vac[k]) {
            printf("PCWM_CHECK FAIL entry %d = (%d, %g), expected (%d, %g)\n", k, cic[k], vac[k], cir[k], var[k]);
            return 1;
        }
    printf("PCWM_CHECK PASS\n");
    free(rp); free(ci); free(va); free(row); free(col); free(val);
    free(rpr); free(rpc); free(cir); free(cic); free(var); free(vac);
    return 0;
}
